import { Injectable, Logger } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { joinMultiValue } from '@app/csv-schema';
import { FieldModel } from './field-model';
import { Counts, CurrentValues, FieldWrite, Issue } from './row-check';

const CHUNK = 2000;
const RETRIABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const cut = (text: string | null, max: number) => (text === null ? null : text.length > max ? text.slice(0, max) : text);

/** Everything the import engine reads and writes, in batches: one query per table per batch, never per row. */
@Injectable()
export class ImportStore {
  private readonly logger = new Logger(ImportStore.name);

  constructor(readonly dataSource: DataSource) {}

  /**
   * The current values of the given fields for a batch of contacts of the institution, in one
   * query: one row per existing contact, its values packed by GROUP_CONCAT.
   */
  async loadCurrent(institutionId: number, model: FieldModel, fieldIds: number[], contactIds: number[]): Promise<CurrentValues> {
    const current: CurrentValues = new Map();
    if (!contactIds.length) return current;
    let rows: { id: number; vals: string | null }[];
    if (!fieldIds.length) {
      rows = await this.dataSource.query('SELECT id, NULL AS vals FROM contacts WHERE institution_id = ? AND id IN (?)', [institutionId, contactIds]);
    } else if (model.dataType === 'authorizations') {
      rows = await this.dataSource.query(
        `SELECT c.id, (SELECT GROUP_CONCAT(a.authorization_id * 2 + a.value) FROM contact_authorizations a
           WHERE a.contact_id = c.id AND a.authorization_id IN (?)) AS vals
         FROM contacts c WHERE c.institution_id = ? AND c.id IN (?)`,
        [fieldIds, institutionId, contactIds],
      );
    } else {
      rows = await this.dataSource.query(
        `SELECT c.id, (SELECT GROUP_CONCAT(v.value_id) FROM contact_criterion_values v
           WHERE v.contact_id = c.id AND v.criterion_id IN (?)) AS vals
         FROM contacts c WHERE c.institution_id = ? AND c.id IN (?)`,
        [fieldIds, institutionId, contactIds],
      );
    }
    const authorizations = model.dataType === 'authorizations';
    for (const row of rows) {
      const values = new Map<number, string>();
      current.set(Number(row.id), values);
      if (!row.vals) continue;
      const parts = String(row.vals).split(',');
      if (authorizations) {
        for (const part of parts) {
          const packed = Number(part);
          values.set(packed >> 1, packed & 1 ? 'TRUE' : 'FALSE');
        }
        continue;
      }
      const codes = new Map<number, string[]>();
      for (const part of parts) {
        const value = model.valueById.get(Number(part));
        if (!value) continue;
        const list = codes.get(value.criterionId);
        if (list) list.push(value.code);
        else codes.set(value.criterionId, [value.code]);
      }
      for (const [criterionId, list] of codes) values.set(criterionId, list.length === 1 ? list[0] : joinMultiValue(list));
    }
    return current;
  }

  /** Runs work in one transaction, retrying it whole on a deadlock or a lock wait timeout. */
  async transaction(work: (runner: QueryRunner) => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const runner = this.dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        await work(runner);
        await runner.commitTransaction();
        return;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;
        if (code && RETRIABLE.has(code) && attempt < 5) {
          this.logger.warn(`${code} on attempt ${attempt}; retrying the batch`);
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
          continue;
        }
        throw error;
      } finally {
        await runner.release();
      }
    }
  }

  /** Writes field values: per criterion DELETE then multi-row INSERT; authorizations upserted or deleted. */
  async writeValues(runner: QueryRunner, model: FieldModel, writes: FieldWrite[]): Promise<void> {
    if (!writes.length) return;
    if (model.dataType === 'authorizations') {
      const upserts: [number, number, number][] = [];
      const deletes = new Map<number, number[]>();
      for (const write of writes) {
        if (write.cell.bool === null || write.cell.bool === undefined) {
          const list = deletes.get(write.field.id) ?? [];
          list.push(write.contactId);
          deletes.set(write.field.id, list);
        } else upserts.push([write.contactId, write.field.id, write.cell.bool ? 1 : 0]);
      }
      for (const [authorizationId, contactIds] of deletes) {
        for (const ids of chunks(contactIds)) {
          await runner.query('DELETE FROM contact_authorizations WHERE authorization_id = ? AND contact_id IN (?)', [authorizationId, ids]);
        }
      }
      for (const rows of chunks(upserts)) {
        await runner.query('INSERT INTO contact_authorizations (contact_id, authorization_id, value) VALUES ? ON DUPLICATE KEY UPDATE value = VALUES(value)', [rows]);
      }
      return;
    }
    const byCriterion = new Map<number, number[]>();
    const inserts: [number, number, number][] = [];
    for (const write of writes) {
      const list = byCriterion.get(write.field.id) ?? [];
      list.push(write.contactId);
      byCriterion.set(write.field.id, list);
      for (const valueId of write.cell.valueIds ?? []) inserts.push([write.contactId, write.field.id, valueId]);
    }
    for (const [criterionId, contactIds] of byCriterion) {
      for (const ids of chunks(contactIds)) {
        await runner.query('DELETE FROM contact_criterion_values WHERE criterion_id = ? AND contact_id IN (?)', [criterionId, ids]);
      }
    }
    for (const rows of chunks(inserts)) {
      await runner.query('INSERT INTO contact_criterion_values (contact_id, criterion_id, value_id) VALUES ?', [rows]);
    }
  }

  async insertChanges(runner: QueryRunner | DataSource, importId: number, writes: FieldWrite[]): Promise<void> {
    for (const part of chunks(writes)) {
      await runner.query('INSERT INTO import_changes (import_id, contact_id, field_type, field_code, old_value, new_value, line) VALUES ?', [
        part.map((w) => [importId, w.contactId, w.field.kind, w.field.code, w.oldValue, w.newValue, w.line]),
      ]);
    }
  }

  async insertIssues(runner: QueryRunner | DataSource, importId: number, issues: Issue[]): Promise<void> {
    for (const part of chunks(issues, 1000)) {
      await runner.query('INSERT INTO import_issues (import_id, line, contact_id, column_name, value, code, severity, message) VALUES ?', [
        part.map((i) => [importId, i.line, cut(i.contactId, 64), cut(i.column, 255), i.value, cut(i.code, 40), i.severity, i.message]),
      ]);
    }
  }

  /** Saves the counts, the progress and (when given) the resume cursor. */
  async saveProgress(runner: QueryRunner | DataSource, importId: number, counts: Counts, lastLine?: number): Promise<void> {
    await runner.query(
      `UPDATE imports SET rows_count = ?, valid_rows = ?, error_rows = ?, changes = ?, unchanged = ?, conflicts = ?, applied = ?, warnings = ?,
         processed = ?${lastLine === undefined ? '' : ', last_applied_line = ?'} WHERE id = ?`,
      [
        counts.rows,
        counts.validRows,
        counts.errorRows,
        counts.changes,
        counts.unchanged,
        counts.conflicts,
        counts.applied,
        counts.warnings,
        counts.rows,
        ...(lastLine === undefined ? [] : [lastLine]),
        importId,
      ],
    );
  }

  async isCancelRequested(importId: number): Promise<boolean> {
    const rows: { cancel_requested: number }[] = await this.dataSource.query('SELECT cancel_requested FROM imports WHERE id = ?', [importId]);
    return !!Number(rows[0]?.cancel_requested);
  }

  /** Starts over: no report lines, zero counts, no cursor. */
  async reset(importId: number): Promise<void> {
    await this.dataSource.query('DELETE FROM import_issues WHERE import_id = ?', [importId]);
    await this.dataSource.query(
      `UPDATE imports SET rows_count = 0, valid_rows = 0, error_rows = 0, changes = 0, unchanged = 0, conflicts = 0, applied = 0, warnings = 0,
         processed = 0, last_applied_line = 0, file_errors = NULL, error = NULL WHERE id = ?`,
      [importId],
    );
  }
}
