import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Statement } from './statement';
import { chunks } from './statement';

/** The tables holding contacts' field values, one row per value. */
export type ValueTableName = 'contact_criterion_values' | 'contact_authorizations';

/** How one contact's values are packed into one text by GROUP_CONCAT (decoded by the field kind). */
const PACKED: Record<ValueTableName, { field: string; packed: string }> = {
  contact_criterion_values: { field: 'criterion_id', packed: 'GROUP_CONCAT(value_id)' },
  contact_authorizations: { field: 'authorization_id', packed: 'GROUP_CONCAT(authorization_id * 2 + value)' },
};

export interface CriterionValuesWrite {
  contactId: number;
  criterionId: number;
  valueIds: number[];
}

export interface AuthorizationWrite {
  contactId: number;
  authorizationId: number;
  /** null removes the answer. */
  value: boolean | null;
}

/** Every statement on the contacts' criterion values and authorizations. */
@Injectable()
export class FieldValuesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The contacts of the institution among `contactIds`, and their values of the given fields packed per
   * contact, in two queries run at once. Templates are sorted by contact_id, so a dense batch is read as an
   * id range (an index range scan) rather than a long IN list; contacts outside the batch are then ignored.
   */
  async loadPacked(
    table: ValueTableName,
    institutionId: number,
    fieldIds: number[],
    contactIds: number[],
  ): Promise<{ existing: number[]; packed: { contactId: number; values: string }[] }> {
    if (!contactIds.length) return { existing: [], packed: [] };
    let min = contactIds[0];
    let max = contactIds[0];
    for (const id of contactIds) {
      if (id < min) min = id;
      if (id > max) max = id;
    }
    const dense = max - min < contactIds.length * 4;
    const where = (column: string) => (dense ? `${column} BETWEEN ? AND ?` : `${column} IN (?)`);
    const ids = dense ? [min, max] : [contactIds];
    const { field, packed } = PACKED[table];
    const [contacts, values] = await Promise.all([
      this.dataSource.query(`SELECT id FROM contacts WHERE institution_id = ? AND ${where('id')}`, [
        institutionId,
        ...ids,
      ]) as Promise<{ id: number }[]>,
      fieldIds.length
        ? (this.dataSource.query(
            `SELECT contact_id, ${packed} AS vals FROM ${table}
              WHERE ${where('contact_id')} AND ${field} IN (?) GROUP BY contact_id`,
            [...ids, fieldIds],
          ) as Promise<{ contact_id: number; vals: string | null }[]>)
        : Promise.resolve([]),
    ]);
    return {
      existing: contacts.map((row) => Number(row.id)),
      packed: values
        .filter((row) => row.vals)
        .map((row) => ({ contactId: Number(row.contact_id), values: String(row.vals) })),
    };
  }
}

/** Where a kind's values are: the table, its field column, its value column (constants of the field kinds). */
export interface ValueColumns {
  table: ValueTableName;
  fieldColumn: 'criterion_id' | 'authorization_id';
  valueColumn: 'value_id' | 'value';
}

/**
 * The values of a target's contacts in contact-id order, to stream beside its contact rows. When the target
 * covers most of its id span (a whole institution, a broad rule), a range scan of the values' primary key is
 * the fastest read; rows of contacts outside the target are then dropped by the caller's merge-join, so nothing
 * crosses tenants. Otherwise the values are joined to the target's contacts in the database.
 */
export function templateValuesQuery(
  columns: ValueColumns,
  fieldIds: number[],
  condition: { sql: string; params: unknown[] },
  span: { total: number; lo: number; hi: number },
): Statement {
  const { table, fieldColumn, valueColumn } = columns;
  const fields = fieldIds.map(() => '?').join(', ');
  if (span.hi - span.lo + 1 <= 2 * span.total) {
    // Grouped on the primary key's prefix, the scan stays streamed (no temporary table) and sends one
    // row per contact instead of one per value: a tenth of the rows to parse for ten fields.
    return {
      sql: `SELECT v.contact_id, CAST(GROUP_CONCAT(v.${fieldColumn}, ':', v.${valueColumn} SEPARATOR ',') AS CHAR)
              FROM ${table} v
             WHERE v.contact_id BETWEEN ? AND ? AND v.${fieldColumn} IN (${fields})
             GROUP BY v.contact_id ORDER BY v.contact_id`,
      params: [span.lo, span.hi, ...fieldIds],
    };
  }
  return {
    sql: `SELECT STRAIGHT_JOIN v.contact_id, v.${fieldColumn}, v.${valueColumn}
            FROM contacts c JOIN ${table} v ON v.contact_id = c.id
           WHERE ${condition.sql} AND v.${fieldColumn} IN (${fields}) ORDER BY c.id`,
    params: [...condition.params, ...fieldIds],
  };
}

/** Replaces criterion values: per criterion a DELETE of the contacts' values, then multi-row INSERTs. */
export function criterionValueStatements(writes: CriterionValuesWrite[]): Statement[] {
  const statements: Statement[] = [];
  const byCriterion = new Map<number, number[]>();
  const inserts: [number, number, number][] = [];
  for (const write of writes) {
    const list = byCriterion.get(write.criterionId) ?? [];
    list.push(write.contactId);
    byCriterion.set(write.criterionId, list);
    for (const valueId of write.valueIds) inserts.push([write.contactId, write.criterionId, valueId]);
  }
  for (const [criterionId, contactIds] of byCriterion) {
    for (const ids of chunks(contactIds)) {
      statements.push({
        sql: 'DELETE FROM contact_criterion_values WHERE criterion_id = ? AND contact_id IN (?)',
        params: [criterionId, ids],
      });
    }
  }
  for (const rows of chunks(inserts)) {
    statements.push({
      sql: 'INSERT INTO contact_criterion_values (contact_id, criterion_id, value_id) VALUES ?',
      params: [rows],
    });
  }
  return statements;
}

/** Sets authorization answers: upserted, or deleted when the answer becomes empty. */
export function authorizationStatements(writes: AuthorizationWrite[]): Statement[] {
  const statements: Statement[] = [];
  const upserts: [number, number, number][] = [];
  const deletes = new Map<number, number[]>();
  for (const write of writes) {
    if (write.value === null) {
      const list = deletes.get(write.authorizationId) ?? [];
      list.push(write.contactId);
      deletes.set(write.authorizationId, list);
    } else upserts.push([write.contactId, write.authorizationId, write.value ? 1 : 0]);
  }
  for (const [authorizationId, contactIds] of deletes) {
    for (const ids of chunks(contactIds)) {
      statements.push({
        sql: 'DELETE FROM contact_authorizations WHERE authorization_id = ? AND contact_id IN (?)',
        params: [authorizationId, ids],
      });
    }
  }
  for (const rows of chunks(upserts)) {
    statements.push({
      sql: 'INSERT INTO contact_authorizations (contact_id, authorization_id, value) VALUES ? ON DUPLICATE KEY UPDATE value = VALUES(value)',
      params: [rows],
    });
  }
  return statements;
}
