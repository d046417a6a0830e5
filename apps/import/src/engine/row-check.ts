import type { IssueCode } from '@app/common';
import type { CsvRecord } from '@app/csv-schema';
import type { ImportChangeRow, ImportIssueRow, ImportRowCounts } from '@app/database';
import type { CurrentValues, Field, FieldSet, FieldWrite, NewCell } from '@app/fields';

export type { CurrentValues, FieldWrite, NewCell };

/** One line of the report (as import_issues keeps it). */
export type Issue = ImportIssueRow;

/**
 * An error of the file as a whole or of its header: a report line with no contact (a header column's value is its
 * name).
 */
export function fileIssue(line: number, code: IssueCode, message: string, column = ''): Issue {
  return { line, contactId: '', column, value: column || null, code, severity: 'error', message };
}

/** The header problems parseHeader found, as report lines of the header's line. */
export const headerIssues = (line: number, issues: { column: string; code: IssueCode; message: string }[]): Issue[] =>
  issues.map((issue) => ({
    line,
    contactId: '',
    column: issue.column,
    value: issue.column,
    code: issue.code,
    severity: 'error',
    message: issue.message,
  }));

/** A field of the file: its `[new]` column and, when present, its `[old]` column. */
export interface FieldColumn {
  /** The fields of the column's kind: they read its cells. */
  set: FieldSet;
  field: Field;
  newIndex: number;
  newName: string;
  oldIndex?: number;
  oldName?: string;
  /** Reads of cell texts already seen: a column holds few distinct texts, so each is parsed once. */
  cache?: { new: Map<string, unknown>; old: Map<string, unknown> };
}

/** The column of a field the header names: `[new]` (and `[old]` when present) positions and spellings. */
export function fieldColumn(
  set: FieldSet,
  header: { code: string; newIndex: number; oldIndex?: number },
  cells: string[],
): FieldColumn {
  return {
    set,
    field: set.byCode.get(header.code)!,
    newIndex: header.newIndex,
    newName: cells[header.newIndex],
    oldIndex: header.oldIndex,
    oldName: header.oldIndex === undefined ? undefined : cells[header.oldIndex],
  };
}

const CACHE_LIMIT = 5000;

/** Cell reads are pure functions of (field, text): memoize them per column, within a bound. */
function cached<T>(column: FieldColumn, side: 'new' | 'old', raw: string, read: () => T): T {
  const cache = (column.cache ??= { new: new Map(), old: new Map() })[side];
  let value = cache.get(raw) as T | undefined;
  if (value === undefined) {
    value = read();
    // A copy of the key: a cell may be a slice of the parser's whole text chunk, which it would keep alive.
    if (cache.size < CACHE_LIMIT) cache.set(Buffer.from(raw, 'utf8').toString('utf8'), value);
  }
  return value;
}

/** A row checked without the database: what it says, and its own errors. */
export interface PreparedRow {
  line: number;
  contactIdText: string;
  contactId: number | null;
  issues: Issue[];
  hasError: boolean;
  /** Per field column, the read `[new]` cell (undefined when in error) and the normalized `[old]` cell. */
  cells: (NewCell | undefined)[];
  olds: (string | undefined)[];
  oldRaw: (string | undefined)[];
}

/** The counts of a run (kept on its import row). */
export type Counts = ImportRowCounts;

export const emptyCounts = (): Counts => ({
  rows: 0,
  validRows: 0,
  errorRows: 0,
  changes: 0,
  unchanged: 0,
  conflicts: 0,
  applied: 0,
  warnings: 0,
});

/** Contact ids seen so far: a bitset for the usual dense ids, a Set beyond. Memory-lean for millions of rows. */
export class IdSet {
  private bits = new Uint8Array(1 << 17);
  private readonly overflow = new Set<number>();
  /** Ids below this live in the bitset (8 MiB at most); rarer larger ids in the Set. */
  private static readonly MAX_BITS = 1 << 26;

  /** Adds the id; false when it was already there. */
  add(id: number): boolean {
    if (id >= IdSet.MAX_BITS) {
      if (this.overflow.has(id)) return false;
      this.overflow.add(id);
      return true;
    }
    const byte = id >>> 3;
    if (byte >= this.bits.length) {
      let size = this.bits.length;
      while (size <= byte) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.bits);
      this.bits = grown;
    }
    const mask = 1 << (id & 7);
    if (this.bits[byte] & mask) return false;
    this.bits[byte] |= mask;
    return true;
  }
}

const CONTACT_ID_PATTERN = /^\d{1,10}$/;

/** Reads a contact id cell: digits only, within the unsigned int range. */
export function readContactId(text: string): number | null {
  const trimmed = text.trim();
  if (!CONTACT_ID_PATTERN.test(trimmed)) return null;
  const id = Number(trimmed);
  return id > 0 && id <= 4294967295 ? id : null;
}

/**
 * Checks a row on its own (no database): cell count, contact id, duplicates, every `[new]` cell.
 * Returns undefined for a blank line.
 */
export interface RowLayout {
  contactIndex: number;
  headerLength: number;
  columns: FieldColumn[];
}

export function prepareRow(record: CsvRecord, layout: RowLayout, seen: IdSet): PreparedRow | undefined {
  const { line, cells } = record;
  const { columns, headerLength, contactIndex } = layout;
  if (cells.length <= 1 && (cells[0] ?? '').trim() === '') return undefined;
  const contactIdText = (cells[contactIndex] ?? '').trim();
  const row: PreparedRow = {
    line,
    contactIdText,
    contactId: null,
    issues: [],
    hasError: false,
    cells: [],
    olds: [],
    oldRaw: [],
  };
  const error = (column: string, value: string | null, code: IssueCode, message: string) => {
    row.issues.push({ line, contactId: contactIdText, column, value, code, severity: 'error', message });
    row.hasError = true;
  };
  if (cells.length !== headerLength) {
    error(
      '',
      null,
      'MALFORMED_ROW',
      `This row has ${cells.length} cells but the header has ${headerLength} columns; check for a missing or extra delimiter or an unclosed quote`,
    );
    return row;
  }
  row.contactId = readContactId(contactIdText);
  if (row.contactId === null) {
    error(
      'contact_id',
      cells[contactIndex],
      'INVALID_CONTACT_ID',
      `"${cells[contactIndex]}" is not a contact id; contact_id must be the number from the template, unchanged`,
    );
  } else if (!seen.add(row.contactId)) {
    error(
      'contact_id',
      cells[contactIndex],
      'DUPLICATE_CONTACT',
      `Contact ${row.contactId} appears on more than one row; keep a single row per contact`,
    );
  }
  readFieldCells(cells, columns, row, error);
  return row;
}

/** Reads the `[old]` and `[new]` cells of the field columns into the row (criteria, authorizations). */
export function readFieldCells(
  cells: string[],
  columns: FieldColumn[],
  row: Pick<PreparedRow, 'line' | 'contactIdText' | 'issues' | 'cells' | 'olds' | 'oldRaw'>,
  error: (column: string, value: string | null, code: IssueCode, message: string) => void,
): void {
  const { line, contactIdText } = row;
  for (const column of columns) {
    const raw = cells[column.newIndex];
    const { field } = column;
    if (column.oldIndex !== undefined) {
      const oldRaw = cells[column.oldIndex];
      row.oldRaw.push(oldRaw);
      row.olds.push(cached(column, 'old', oldRaw, () => column.set.readOld(field, oldRaw)));
    } else {
      row.oldRaw.push(undefined);
      row.olds.push(undefined);
    }
    const read = cached(column, 'new', raw, () => column.set.readNew(field, raw));
    if (!read.ok) {
      error(column.newName, raw, read.code, read.message);
      row.cells.push(undefined);
      continue;
    }
    if (read.warnings) {
      for (const warning of read.warnings) {
        row.issues.push({
          line,
          contactId: contactIdText,
          column: column.newName,
          value: raw,
          code: warning.code,
          severity: 'warning',
          message: warning.message,
        });
      }
    }
    row.cells.push(read.cell);
  }
}

/**
 * Compares a prepared row to the contact's current values: unknown contact, unchanged fields,
 * changes, stale `[old]` values. Updates the counts and returns what to write.
 */
export function compareRow(
  row: PreparedRow,
  columns: FieldColumn[],
  current: CurrentValues,
  onConflict: 'skip' | 'overwrite',
  counts: Counts,
  issues: Issue[],
  writes: FieldWrite[],
): void {
  counts.rows++;
  const values = row.contactId !== null ? current.get(row.contactId) : undefined;
  if (row.contactId !== null && !values && !row.issues.some((issue) => issue.code === 'DUPLICATE_CONTACT')) {
    row.issues.unshift({
      line: row.line,
      contactId: row.contactIdText,
      column: 'contact_id',
      value: row.contactIdText,
      code: 'UNKNOWN_CONTACT',
      severity: 'error',
      message: `Contact ${row.contactId} does not exist in your institution; keep the contact_id of the template or remove the row`,
    });
    row.hasError = true;
  }
  for (const issue of row.issues) {
    issues.push(issue);
    if (issue.severity === 'warning') counts.warnings++;
  }
  if (row.hasError || !values) {
    counts.errorRows++;
    return;
  }
  counts.validRows++;
  compareFields(row, row.contactId!, columns, values, onConflict, counts, issues, writes);
}

/**
 * Compares the field cells of a valid row to the contact's current values: unchanged, changes, stale `[old]` values.
 */
export function compareFields(
  row: Pick<PreparedRow, 'line' | 'contactIdText' | 'cells' | 'olds' | 'oldRaw'>,
  contactId: number,
  columns: FieldColumn[],
  values: Map<number, string>,
  onConflict: 'skip' | 'overwrite',
  counts: Counts,
  issues: Issue[],
  writes: FieldWrite[],
): void {
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i];
    const cell = row.cells[i]!;
    const now = values.get(column.field.id) ?? '';
    if (cell.value === now) {
      counts.unchanged++;
      continue;
    }
    counts.changes++;
    const old = row.olds[i];
    if (old !== undefined && old !== now) {
      counts.conflicts++;
      const overwrite = onConflict === 'overwrite';
      if (overwrite) counts.warnings++;
      issues.push({
        line: row.line,
        contactId: row.contactIdText,
        column: column.oldName ?? column.newName,
        value: row.oldRaw[i] ?? null,
        code: 'STALE_VALUE',
        severity: overwrite ? 'warning' : 'conflict',
        message: overwrite
          ? `${column.field.code} was "${old}" at export time but is now "${now}" (changed since the export); overwritten with "${cell.value}" because onConflict=overwrite`
          : `${column.field.code} was "${old}" at export time but is now "${now}" (changed since the export); left as is. Export a new template, or import with onConflict=overwrite to write "${cell.value}"`,
      });
      if (!overwrite) continue;
    }
    writes.push({ contactId, field: column.field, oldValue: now, newValue: cell.value, cell, line: row.line });
  }
}

/** The change log's rows of applied field values. */
export const changeRows = (writes: FieldWrite[]): ImportChangeRow[] =>
  writes.map((write) => ({
    contactId: write.contactId,
    fieldType: write.field.kind,
    fieldCode: write.field.code,
    oldValue: write.oldValue,
    newValue: write.newValue,
    line: write.line,
  }));
