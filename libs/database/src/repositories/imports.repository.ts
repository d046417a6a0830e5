import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import type { IssueCode, IssueSeverity } from '@app/common';
import type { FileError } from '../entities';
import { Import } from '../entities';
import type { Statement } from './statement';
import { chunks, cutError } from './statement';

/** What a new import is (the row's other columns take their defaults). */
export type NewImport = Pick<
  Import,
  | 'institutionId'
  | 'dataType'
  | 'mode'
  | 'onConflict'
  | 'allOrNothing'
  | 'email'
  | 'locale'
  | 'originalName'
  | 'storedName'
  | 'fileSize'
  | 'idempotencyKey'
  | 'idempotencyDigest'
>;

/** The counts a run keeps on its import row. */
export interface ImportRowCounts {
  rows: number;
  validRows: number;
  errorRows: number;
  changes: number;
  unchanged: number;
  conflicts: number;
  applied: number;
  warnings: number;
}

/** One line of an import's report, as import_issues keeps it. */
export interface ImportIssueRow {
  line: number;
  contactId: string;
  column: string;
  value: string | null;
  code: IssueCode;
  severity: IssueSeverity;
  message: string;
}

/** One logged change (values as written in files); `fieldType` is the field kind, `contact` included. */
export interface ImportChangeRow {
  contactId: number;
  fieldType: string;
  fieldCode: string;
  oldValue: string;
  newValue: string;
  line: number;
}

/** A logged change, and whether a revert restored it. */
export interface LoggedChange extends ImportChangeRow {
  reverted: boolean;
}

interface LoggedChangeRow {
  contact_id: number;
  field_type: string;
  field_code: string;
  old_value: string;
  new_value: string;
  line: number;
  reverted: number;
}

/** A logged change not yet reverted. */
export interface PendingChange extends ImportChangeRow {
  id: number;
}

const cut = (text: string | null, max: number) =>
  text === null ? null : text.length > max ? text.slice(0, max) : text;

/** The file errors an import row keeps (the report, import_issues, keeps them all); the rest are counted. */
export const MAX_FILE_ERRORS = 100;
/** A file error's message as kept on the row: 100 of them stay far below the packet and JSON sizes. */
const FILE_ERROR_CHARS = 1000;

/** The first MAX_FILE_ERRORS file errors (messages cut), and how many were left out. */
export function keptFileErrors(fileErrors: FileError[]): { kept: FileError[]; omitted: number } {
  const kept = fileErrors
    .slice(0, MAX_FILE_ERRORS)
    .map((e) => ({ code: e.code, message: cut(e.message, FILE_ERROR_CHARS)! }));
  return { kept, omitted: fileErrors.length - kept.length };
}

/**
 * Every statement on imports, import_issues and import_changes. The status of an import changes here and
 * nowhere else: each method is one transition, guarded by the status it starts from.
 */
@Injectable()
export class ImportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(Import);
  }

  find(id: number): Promise<Import | null> {
    return this.rows.findOneBy({ id });
  }

  /** The institution's import; never another institution's. */
  findOwned(institutionId: number, id: number): Promise<Import | null> {
    return this.rows.findOneBy({ id, institutionId });
  }

  /** The institution's latest imports, newest first. */
  listOwned(institutionId: number, limit: number): Promise<Import[]> {
    return this.rows.find({ where: { institutionId }, order: { id: 'DESC' }, take: limit });
  }

  findByIdempotencyKey(institutionId: number, idempotencyKey: string): Promise<Import | null> {
    return this.rows.findOneBy({ institutionId, idempotencyKey });
  }

  /**
   * A queued import; with an idempotency key already used by the institution, the import that holds it
   * (two requests with the same key at once: the unique index lets one through).
   */
  async create(values: NewImport): Promise<{ row: Import; created: boolean }> {
    try {
      return { row: await this.rows.save(this.rows.create({ ...values, status: 'queued' })), created: true };
    } catch (error) {
      const duplicate = error instanceof QueryFailedError && (error as { code?: string }).code === 'ER_DUP_ENTRY';
      if (!values.idempotencyKey || !duplicate) throw error;
      const existing = await this.rows.findOneByOrFail({
        institutionId: values.institutionId,
        idempotencyKey: values.idempotencyKey,
      });
      return { row: existing, created: false };
    }
  }

  /** queued|running -> running (a job starts or resumes); false when the import was cancelled meanwhile. */
  async start(id: number): Promise<boolean> {
    const result = await this.dataSource.query(
      `UPDATE imports SET status = 'running', started_at = COALESCE(started_at, NOW(3)) WHERE id = ? AND status IN ('queued', 'running') AND cancel_requested = 0`,
      [id],
    );
    return result.affectedRows > 0;
  }

  /** queued|running -> validated|completed|cancelled. */
  async finish(id: number, status: 'validated' | 'completed' | 'cancelled', total?: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE imports SET status = ?, finished_at = NOW(3), total = COALESCE(?, total, processed) WHERE id = ? AND status IN ('queued', 'running')`,
      [status, total ?? null, id],
    );
  }

  /**
   * -> failed, with the file errors (the first MAX_FILE_ERRORS, and the count of the rest) and the error shown to the
   * user, both cut to their columns.
   */
  async fail(id: number, fileErrors: FileError[], error: string | null): Promise<void> {
    const { kept, omitted } = keptFileErrors(fileErrors);
    await this.dataSource.query(
      `UPDATE imports SET status = 'failed', finished_at = NOW(3), file_errors = ?, file_errors_omitted = ?, error = ?,
         total = COALESCE(total, processed) WHERE id = ?`,
      [JSON.stringify(kept), omitted, cutError(error), id],
    );
  }

  /**
   * Whose job stopped for good without the run recording it (its Bull job failed every attempt, or failing it
   * failed): queued|running -> failed, or a running revert -> completed again; true when the row changed.
   */
  async failStopped(id: number, error: string): Promise<boolean> {
    const revert = await this.dataSource.query(
      `UPDATE imports SET status = 'completed', error = ? WHERE id = ? AND status = 'running' AND revert_requested = 1`,
      [cutError(error), id],
    );
    if (revert.affectedRows > 0) return true;
    const run = await this.dataSource.query(
      `UPDATE imports SET status = 'failed', finished_at = NOW(3), error = ?, file_errors = COALESCE(file_errors, '[]'),
         total = COALESCE(total, processed) WHERE id = ? AND status IN ('queued', 'running') AND revert_requested = 0`,
      [cutError(error), id],
    );
    return run.affectedRows > 0;
  }

  /**
   * The rows queued or running for longer than `graceSeconds` (of one institution when given): the lost-job sweep's
   * candidates.
   */
  async openIds(graceSeconds: number, institutionId?: number): Promise<number[]> {
    const rows: { id: number }[] = await this.dataSource.query(
      `SELECT id FROM imports WHERE status IN ('queued', 'running') AND created_at < NOW(3) - INTERVAL ? SECOND AND (? IS NULL OR institution_id = ?)`,
      [graceSeconds, institutionId ?? null, institutionId ?? null],
    );
    return rows.map((row) => Number(row.id));
  }

  /** queued|running -> failed, when its job was lost and cannot be run again. */
  async failLost(id: number, message: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE imports SET status = 'failed', finished_at = NOW(3), error = ?, file_errors = ?, file_errors_omitted = 0
         WHERE id = ? AND status IN ('queued', 'running')`,
      [cutError(message), JSON.stringify(keptFileErrors([{ code: 'JOB_LOST', message }]).kept), id],
    );
  }

  /** validated -> queued in apply mode; false when the import is not validated. */
  async requestApply(id: number): Promise<boolean> {
    const result = await this.dataSource.query(
      `UPDATE imports SET mode = 'apply', status = 'queued', cancel_requested = 0, last_applied_line = 0, processed = 0,
         started_at = NULL, finished_at = NULL, error = NULL, file_errors = NULL, file_errors_omitted = 0
         WHERE id = ? AND status = 'validated'`,
      [id],
    );
    return result.affectedRows > 0;
  }

  /** queued -> cancelled at once, or (running, not a revert) a cancel request the run sees after its batch. */
  async requestCancel(id: number): Promise<'cancelled' | 'requested' | false> {
    const queued = await this.dataSource.query(
      `UPDATE imports SET status = 'cancelled', cancel_requested = 1, finished_at = NOW(3) WHERE id = ? AND status = 'queued'`,
      [id],
    );
    if (queued.affectedRows) return 'cancelled';
    const running = await this.dataSource.query(
      `UPDATE imports SET cancel_requested = 1 WHERE id = ? AND status = 'running' AND mode IN ('validate', 'apply') AND revert_requested = 0`,
      [id],
    );
    return running.affectedRows ? 'requested' : false;
  }

  /** completed (apply) -> running with a revert requested; false otherwise. */
  async requestRevert(id: number): Promise<boolean> {
    const result = await this.dataSource.query(
      `UPDATE imports SET status = 'running', revert_requested = 1, finished_at = NULL, error = NULL WHERE id = ? AND mode = 'apply' AND status = 'completed'`,
      [id],
    );
    return result.affectedRows > 0;
  }

  /** running (revert) -> reverted. */
  async reverted(id: number): Promise<void> {
    await this.dataSource.query(`UPDATE imports SET status = 'reverted', finished_at = NOW(3) WHERE id = ?`, [id]);
  }

  /** running (revert) -> completed again, with why the revert stopped (it can be asked for again). */
  async revertFailed(id: number, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE imports SET status = 'completed', error = ? WHERE id = ?`, [
      cutError(error),
      id,
    ]);
  }

  async isCancelRequested(id: number): Promise<boolean> {
    const rows: { cancel_requested: number }[] = await this.dataSource.query(
      'SELECT cancel_requested FROM imports WHERE id = ?',
      [id],
    );
    return !!Number(rows[0]?.cancel_requested);
  }

  /** What the lost-job sweep needs to queue an import's job again. */
  async recoveryInfo(id: number): Promise<{ institutionId: number; storedName: string; revertRequested: boolean }> {
    const [row]: { institution_id: number; stored_name: string; revert_requested: number }[] =
      await this.dataSource.query('SELECT institution_id, stored_name, revert_requested FROM imports WHERE id = ?', [
        id,
      ]);
    return {
      institutionId: Number(row.institution_id),
      storedName: row.stored_name,
      revertRequested: !!Number(row.revert_requested),
    };
  }

  /** Starts over: no report lines, zero counts, no cursor. */
  async reset(id: number): Promise<void> {
    await this.dataSource.query('DELETE FROM import_issues WHERE import_id = ?', [id]);
    await this.dataSource.query(
      `UPDATE imports SET rows_count = 0, valid_rows = 0, error_rows = 0, changes = 0, unchanged = 0, conflicts = 0, applied = 0, warnings = 0,
         processed = 0, last_applied_line = 0, file_errors = NULL, file_errors_omitted = 0, error = NULL WHERE id = ?`,
      [id],
    );
  }

  /**
   * Saves the counts, the progress, (when given) the resume cursor and (once counted) the rows the file is estimated
   * to hold: the run's own batch transaction writes `total`, so no other statement updates the row during a run.
   */
  progressStatement(id: number, counts: ImportRowCounts, lastLine?: number, total?: number | null): Statement {
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
        id,
      ],
    };
  }

  /** Report lines, cut to their columns' sizes (a value or message to what a TEXT column holds). */
  issueStatements(id: number, issues: ImportIssueRow[]): Statement[] {
    return chunks(issues, 1000).map((part) => ({
      sql: 'INSERT INTO import_issues (import_id, line, contact_id, column_name, value, code, severity, message) VALUES ?',
      params: [
        part.map((i) => [
          id,
          i.line,
          cut(i.contactId, 64),
          cut(i.column, 255),
          cutError(i.value),
          cut(i.code, 40),
          i.severity,
          cutError(i.message),
        ]),
      ],
    }));
  }

  /** The change log of applied values (values as written in files). */
  changeStatements(id: number, changes: ImportChangeRow[]): Statement[] {
    return chunks(changes).map((part) => ({
      sql: 'INSERT INTO import_changes (import_id, contact_id, field_type, field_code, old_value, new_value, line) VALUES ?',
      params: [part.map((c) => [id, c.contactId, c.fieldType, c.fieldCode, c.oldValue, c.newValue, c.line])],
    }));
  }

  /** The next changes to revert, in log order. */
  async pendingChanges(id: number, afterChangeId: number, limit: number): Promise<PendingChange[]> {
    const rows: (Omit<LoggedChangeRow, 'reverted'> & { id: number })[] = await this.dataSource.query(
      'SELECT id, contact_id, field_type, field_code, old_value, new_value, line FROM import_changes WHERE import_id = ? AND reverted = 0 AND id > ? ORDER BY id LIMIT ?',
      [id, afterChangeId, limit],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      contactId: Number(row.contact_id),
      fieldType: row.field_type,
      fieldCode: row.field_code,
      oldValue: row.old_value,
      newValue: row.new_value,
      line: Number(row.line),
    }));
  }

  /** Of these contacts, those another import (not reverted) changed too. */
  async touchedByOtherImports(id: number, contactIds: number[]): Promise<Set<number>> {
    if (!contactIds.length) return new Set();
    const rows: { contact_id: number }[] = await this.dataSource.query(
      'SELECT DISTINCT contact_id FROM import_changes WHERE contact_id IN (?) AND import_id <> ? AND reverted = 0',
      [contactIds, id],
    );
    return new Set(rows.map((row) => Number(row.contact_id)));
  }

  /** The first change a revert has still to restore (0 when none): how far a revert got. */
  async firstPendingChange(id: number): Promise<number> {
    const [row]: { id: number | null }[] = await this.dataSource.query(
      'SELECT MIN(id) AS id FROM import_changes WHERE import_id = ? AND reverted = 0',
      [id],
    );
    return Number(row?.id ?? 0);
  }

  markRevertedStatement(changeIds: number[]): Statement {
    return { sql: 'UPDATE import_changes SET reverted = 1 WHERE id IN (?)', params: [changeIds] };
  }

  /** A page of the report, in (line, id) order, after the given position (keyset: no cap, flat memory). */
  async reportPage(id: number, after: { line: number; id: number } | undefined, size: number): Promise<StoredIssue[]> {
    const rows: StoredIssueRow[] = after
      ? await this.dataSource.query(
          `SELECT id, line, contact_id, column_name, value, code, severity, message FROM import_issues
           WHERE import_id = ? AND (line > ? OR (line = ? AND id > ?)) ORDER BY line, id LIMIT ?`,
          [id, after.line, after.line, after.id, size],
        )
      : await this.dataSource.query(
          `SELECT id, line, contact_id, column_name, value, code, severity, message FROM import_issues
           WHERE import_id = ? ORDER BY line, id LIMIT ?`,
          [id, size],
        );
    return rows.map(storedIssue);
  }

  /** A page of the report by offset, in (line, id) order (the report read as JSON), and how many lines it has. */
  async reportLines(id: number, offset: number, limit: number): Promise<{ rows: StoredIssue[]; total: number }> {
    const [rows, [{ n }]]: [StoredIssueRow[], { n: number | string }[]] = await Promise.all([
      this.dataSource.query(
        `SELECT id, line, contact_id, column_name, value, code, severity, message FROM import_issues
         WHERE import_id = ? ORDER BY line, id LIMIT ? OFFSET ?`,
        [id, limit, offset],
      ),
      this.dataSource.query('SELECT COUNT(*) AS n FROM import_issues WHERE import_id = ?', [id]),
    ]);
    return { rows: rows.map(storedIssue), total: Number(n) };
  }

  /**
   * A page of the change log, in the order of its unique index (contact, field kind, field code: no sort of the whole
   * log), and how many changes it has.
   */
  async changeLines(id: number, offset: number, limit: number): Promise<{ rows: LoggedChange[]; total: number }> {
    const [rows, [{ n }]]: [LoggedChangeRow[], { n: number | string }[]] = await Promise.all([
      this.dataSource.query(
        `SELECT contact_id, field_type, field_code, old_value, new_value, line, reverted FROM import_changes
         WHERE import_id = ? ORDER BY contact_id, field_type, field_code LIMIT ? OFFSET ?`,
        [id, limit, offset],
      ),
      this.dataSource.query('SELECT COUNT(*) AS n FROM import_changes WHERE import_id = ?', [id]),
    ]);
    return {
      rows: rows.map((row) => ({
        contactId: Number(row.contact_id),
        fieldType: row.field_type,
        fieldCode: row.field_code,
        oldValue: row.old_value,
        newValue: row.new_value,
        line: Number(row.line),
        reverted: !!Number(row.reverted),
      })),
      total: Number(n),
    };
  }

  /** The first errors and conflicts of the report, and how many lines it has. */
  async reportSummary(id: number, first: number): Promise<{ firstIssues: StoredIssue[]; issueCount: number }> {
    const [rows, [{ n }]]: [StoredIssueRow[], { n: number | string }[]] = await Promise.all([
      this.dataSource.query(
        `SELECT id, line, contact_id, column_name, value, code, severity, message FROM import_issues
         WHERE import_id = ? AND severity IN ('error', 'conflict') ORDER BY line, id LIMIT ?`,
        [id, first],
      ),
      this.dataSource.query('SELECT COUNT(*) AS n FROM import_issues WHERE import_id = ?', [id]),
    ]);
    return { firstIssues: rows.map(storedIssue), issueCount: Number(n) };
  }
}

/** A report line as stored, with its position. */
export interface StoredIssue extends ImportIssueRow {
  id: number;
}

interface StoredIssueRow {
  id: number;
  line: number;
  contact_id: string;
  column_name: string;
  value: string | null;
  code: IssueCode;
  severity: IssueSeverity;
  message: string;
}

const storedIssue = (row: StoredIssueRow): StoredIssue => ({
  id: Number(row.id),
  line: Number(row.line),
  contactId: row.contact_id,
  column: row.column_name,
  value: row.value,
  code: row.code,
  severity: row.severity,
  message: row.message,
});
