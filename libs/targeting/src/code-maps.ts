import type { EntityManager, DataSource } from 'typeorm';

/** An institution's criterion: its id, whether it holds several values, and its value codes -> ids. */
export interface CriterionCodes {
  id: number;
  multiValued: boolean;
  values: Map<string, number>;
}

/** The code -> id maps of one institution (criteria sorted by code, values sorted by code). */
export interface CodeMaps {
  criteria: Map<string, CriterionCodes>;
  authorizations: Map<string, number>;
}

/** Loads every criterion, value and authorization code of an institution in two queries. */
export async function loadCodeMaps(db: DataSource | EntityManager, institutionId: number): Promise<CodeMaps> {
  const valueRows: {
    criterionId: number;
    criterionCode: string;
    multiValued: number;
    valueId: number | null;
    valueCode: string | null;
  }[] = await db.query(
    `SELECT cr.id AS criterionId, cr.code AS criterionCode, cr.multi_valued AS multiValued, v.id AS valueId, v.code AS valueCode
         FROM criteria cr LEFT JOIN criterion_values v ON v.criterion_id = cr.id
        WHERE cr.institution_id = ?
        ORDER BY cr.code, v.code`,
    [institutionId],
  );
  const criteria = new Map<string, CriterionCodes>();
  for (const row of valueRows) {
    let criterion = criteria.get(row.criterionCode);
    if (!criterion) {
      criterion = { id: Number(row.criterionId), multiValued: Boolean(Number(row.multiValued)), values: new Map() };
      criteria.set(row.criterionCode, criterion);
    }
    if (row.valueId !== null && row.valueCode !== null) criterion.values.set(row.valueCode, Number(row.valueId));
  }
  const authorizationRows: { id: number; code: string }[] = await db.query(
    'SELECT id, code FROM authorizations WHERE institution_id = ? ORDER BY code',
    [institutionId],
  );
  const authorizations = new Map(authorizationRows.map((row) => [row.code, Number(row.id)] as const));
  return { criteria, authorizations };
}
