import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Authorization } from '../entities/authorization.entity';
import { Criterion } from '../entities/criterion.entity';
import { CriterionValue } from '../entities/criterion-value.entity';
import type { Queryable } from './queryable';
import { isDuplicateEntry } from './queryable';

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

/** A code with its label, as a criterion value or an authorization is created. */
export interface CodeLabel {
  code: string;
  label: string;
}

/** Criterion values inserted per statement. */
const VALUES_PER_INSERT = 1000;

/** Loads every criterion, value and authorization code of an institution in two queries. */
export async function loadCodeMaps(db: Queryable, institutionId: number): Promise<CodeMaps> {
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

/** Every statement on the codes of an institution: criteria, criterion values, authorizations. */
@Injectable()
export class CodesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The code -> id maps of an institution (see loadCodeMaps). */
  codeMaps(institutionId: number, db: Queryable = this.dataSource): Promise<CodeMaps> {
    return loadCodeMaps(db, institutionId);
  }

  /** The institution's criteria with their values, sorted by code. */
  listCriteria(institutionId: number): Promise<Criterion[]> {
    return this.dataSource.getRepository(Criterion).find({
      where: { institutionId },
      relations: { values: true },
      order: { code: 'ASC', values: { code: 'ASC' } },
    });
  }

  /** One criterion of the institution, by code or by id, with its values sorted by code. */
  findCriterion(institutionId: number, by: { code: string } | { id: number }): Promise<Criterion | null> {
    return this.dataSource.getRepository(Criterion).findOne({
      where: { institutionId, ...by },
      relations: { values: true },
      order: { values: { code: 'ASC' } },
    });
  }

  /** Creates a criterion and its values in one transaction; its id, or null when the code is taken. */
  async createCriterion(
    institutionId: number,
    criterion: CodeLabel & { multiValued: boolean },
    values: readonly CodeLabel[],
  ): Promise<number | null> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        if (await manager.exists(Criterion, { where: { institutionId, code: criterion.code } })) return null;
        const saved = await manager.save(manager.create(Criterion, { institutionId, ...criterion }));
        await insertValues(manager, saved.id, values);
        return saved.id;
      });
    } catch (error) {
      if (isDuplicateEntry(error)) return null;
      throw error;
    }
  }

  /** Adds values to a criterion in one transaction; false when one of the codes is taken. */
  async addCriterionValues(criterionId: number, values: readonly CodeLabel[]): Promise<boolean> {
    try {
      await this.dataSource.transaction((manager) => insertValues(manager, criterionId, values));
      return true;
    } catch (error) {
      if (isDuplicateEntry(error)) return false;
      throw error;
    }
  }

  /** The institution's authorizations, sorted by code. */
  listAuthorizations(institutionId: number): Promise<Authorization[]> {
    return this.dataSource.getRepository(Authorization).find({ where: { institutionId }, order: { code: 'ASC' } });
  }

  /** Creates an authorization; null when the code is taken. */
  async createAuthorization(institutionId: number, authorization: CodeLabel): Promise<Authorization | null> {
    const repository = this.dataSource.getRepository(Authorization);
    if (await repository.exists({ where: { institutionId, code: authorization.code } })) return null;
    try {
      return await repository.save(repository.create({ institutionId, ...authorization }));
    } catch (error) {
      if (isDuplicateEntry(error)) return null;
      throw error;
    }
  }
}

async function insertValues(
  db: DataSource['manager'],
  criterionId: number,
  values: readonly CodeLabel[],
): Promise<void> {
  for (let start = 0; start < values.length; start += VALUES_PER_INSERT) {
    const chunk = values.slice(start, start + VALUES_PER_INSERT);
    await db.insert(
      CriterionValue,
      chunk.map((value) => ({ criterionId, code: value.code, label: value.label, active: true })),
    );
  }
}
