import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createPool, Pool, PoolConnection } from 'mysql2/promise';
import { DataSource, QueryRunner } from 'typeorm';
import { AppConfig } from '@app/common';
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

/** A parameterised statement, run later inside a batch transaction. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** Largest SQL text sent in one round trip (max_allowed_packet is 16 MiB by default). */
const MAX_PACKET_CHARS = 4 * 1024 * 1024;

const errorCode = (error: unknown) =>
  (error as { driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;

const cut = (text: string | null, max: number) =>
  text === null ? null : text.length > max ? text.slice(0, max) : text;

/** Everything the import engine reads and writes, in batches: one query per table per batch, never per row. */
@Injectable()
export class ImportStore implements OnModuleDestroy {
  private readonly logger = new Logger(ImportStore.name);
  /**
   * A small pool of its own that accepts several statements per round trip: a batch transaction
   * (values, change log, report lines, counts and cursor) then costs one round trip, not a dozen.
   */
  private batchPool: Pool | undefined;

  /** innodb_autoinc_lock_mode, read once (it is a server setting fixed at startup). */
  private autoincLockMode: Promise<number> | undefined;

  constructor(
    readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * Whether one multi-row `INSERT … VALUES (…), (…)` gets consecutive AUTO_INCREMENT ids, the first
   * being LAST_INSERT_ID(): so with innodb_autoinc_lock_mode 0 (traditional) and 1 (consecutive,
   * MariaDB's and MySQL 5.7's default), where such a "simple insert" reserves its ids as one block.
   * Not with 2 (interleaved, MySQL 8's default and Galera's requirement): other sessions' inserts may
   * take ids in between.
   */
  async multiRowInsertIdsConsecutive(): Promise<boolean> {
    this.autoincLockMode ??= this.dataSource.query('SELECT @@innodb_autoinc_lock_mode AS mode').then(
      (rows: { mode: number | string }[]) => Number(rows[0]?.mode),
      (error: unknown) => {
        this.autoincLockMode = undefined;
        throw error;
      },
    );
    const mode = await this.autoincLockMode;
    return mode === 0 || mode === 1;
  }

  async onModuleDestroy(): Promise<void> {
    await this.batchPool?.end();
  }

  private pool(): Pool {
    this.batchPool ??= createPool({
      uri: this.config.DATABASE_URL,
      multipleStatements: true,
      connectionLimit: 2,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      supportBigNumbers: true,
    });
    return this.batchPool;
  }

  /**
   * Runs the statements as ONE transaction, sent in as few round trips as the packet size allows;
   * the whole transaction is retried on a deadlock or a lock wait timeout.
   */
  async commit(statements: Statement[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const connection: PoolConnection = await this.pool().getConnection();
      try {
        const texts = [
          'START TRANSACTION',
          ...statements.map((statement) => connection.format(statement.sql, statement.params)),
          'COMMIT',
        ];
        let packet: string[] = [];
        let size = 0;
        for (const text of texts) {
          if (packet.length && size + text.length > MAX_PACKET_CHARS) {
            await connection.query(packet.join(';\n'));
            packet = [];
            size = 0;
          }
          packet.push(text);
          size += text.length + 2;
        }
        await connection.query(packet.join(';\n'));
        return;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => undefined);
        const code = errorCode(error);
        if (code && RETRIABLE.has(code) && attempt < 5) {
          this.logger.warn(`${code} on attempt ${attempt}; retrying the batch`);
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
          continue;
        }
        throw error;
      } finally {
        connection.release();
      }
    }
  }

  /**
   * The current values of the given fields for a batch of contacts of the institution: one query
   * on contacts (which exist) and one on the values table (packed per contact by GROUP_CONCAT), run
   * at once. Templates are sorted by contact_id, so a dense batch is read as an id range (an index
   * range scan) rather than a long IN list; contacts outside the batch are then ignored.
   */
  async loadCurrent(
    institutionId: number,
    model: FieldModel,
    fieldIds: number[],
    contactIds: number[],
  ): Promise<CurrentValues> {
    const current: CurrentValues = new Map();
    if (!contactIds.length) return current;
    let min = contactIds[0];
    let max = contactIds[0];
    for (const id of contactIds) {
      if (id < min) min = id;
      if (id > max) max = id;
    }
    const dense = max - min < contactIds.length * 4;
    const where = (column: string) => (dense ? `${column} BETWEEN ? AND ?` : `${column} IN (?)`);
    const ids = dense ? [min, max] : [contactIds];
    const authorizations = model.dataType === 'authorizations';
    const [contacts, values] = await Promise.all([
      this.dataSource.query(`SELECT id FROM contacts WHERE institution_id = ? AND ${where('id')}`, [
        institutionId,
        ...ids,
      ]) as Promise<{ id: number }[]>,
      !fieldIds.length
        ? Promise.resolve([] as { contact_id: number; vals: string }[])
        : authorizations
          ? (this.dataSource.query(
              `SELECT contact_id, GROUP_CONCAT(authorization_id * 2 + value) AS vals FROM contact_authorizations
                WHERE ${where('contact_id')} AND authorization_id IN (?) GROUP BY contact_id`,
              [...ids, fieldIds],
            ) as Promise<{ contact_id: number; vals: string }[]>)
          : (this.dataSource.query(
              `SELECT contact_id, GROUP_CONCAT(value_id) AS vals FROM contact_criterion_values
                WHERE ${where('contact_id')} AND criterion_id IN (?) GROUP BY contact_id`,
              [...ids, fieldIds],
            ) as Promise<{ contact_id: number; vals: string }[]>),
    ]);
    for (const row of contacts) current.set(Number(row.id), new Map());
    for (const row of values) {
      const fields = current.get(Number(row.contact_id));
      if (!fields || !row.vals) continue;
      const parts = String(row.vals).split(',');
      if (authorizations) {
        for (const part of parts) {
          const packed = Number(part);
          fields.set(packed >> 1, packed & 1 ? 'TRUE' : 'FALSE');
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
      for (const [criterionId, list] of codes)
        fields.set(criterionId, list.length === 1 ? list[0] : joinMultiValue(list));
    }
    return current;
  }

  /** Writes field values: per criterion DELETE then multi-row INSERT; authorizations upserted or deleted. */
  valueStatements(model: FieldModel, writes: FieldWrite[]): Statement[] {
    const statements: Statement[] = [];
    if (!writes.length) return statements;
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

  /** The change log of the applied values (values as written in files). */
  changeStatements(importId: number, writes: FieldWrite[]): Statement[] {
    return chunks(writes).map((part) => ({
      sql: 'INSERT INTO import_changes (import_id, contact_id, field_type, field_code, old_value, new_value, line) VALUES ?',
      params: [part.map((w) => [importId, w.contactId, w.field.kind, w.field.code, w.oldValue, w.newValue, w.line])],
    }));
  }

  issueStatements(importId: number, issues: Issue[]): Statement[] {
    return chunks(issues, 1000).map((part) => ({
      sql: 'INSERT INTO import_issues (import_id, line, contact_id, column_name, value, code, severity, message) VALUES ?',
      params: [
        part.map((i) => [
          importId,
          i.line,
          cut(i.contactId, 64),
          cut(i.column, 255),
          i.value,
          cut(i.code, 40),
          i.severity,
          i.message,
        ]),
      ],
    }));
  }

  /** Runs statements one by one on a TypeORM runner (revert, file errors). */
  async run(runner: QueryRunner | DataSource, statements: Statement[]): Promise<void> {
    for (const statement of statements) await runner.query(statement.sql, statement.params);
  }

  async insertIssues(runner: QueryRunner | DataSource, importId: number, issues: Issue[]): Promise<void> {
    await this.run(runner, this.issueStatements(importId, issues));
  }

  /**
   * Saves the counts, the progress, (when given) the resume cursor and (once counted) the rows the file is estimated
   * to hold: the run's own batch transaction writes `total`, so no other statement updates the row during a run.
   */
  progressStatement(importId: number, counts: Counts, lastLine?: number, total?: number | null): Statement {
    const withTotal = total !== undefined && total !== null;
    return {
      sql: `UPDATE imports SET rows_count = ?, valid_rows = ?, error_rows = ?, changes = ?, unchanged = ?, conflicts = ?, applied = ?, warnings = ?,
         processed = ?${lastLine === undefined ? '' : ', last_applied_line = ?'}${withTotal ? ', total = ?' : ''} WHERE id = ?`,
      params: [
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
        ...(withTotal ? [total] : []),
        importId,
      ],
    };
  }

  async isCancelRequested(importId: number): Promise<boolean> {
    const rows: { cancel_requested: number }[] = await this.dataSource.query(
      'SELECT cancel_requested FROM imports WHERE id = ?',
      [importId],
    );
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
