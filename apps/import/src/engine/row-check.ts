import { formatBoolean, parseBoolean } from '@app/boolean-rules';
import type { CsvRecord } from '@app/csv-schema';
import { joinMultiValue, splitMultiValue } from '@app/csv-schema';
import type { CriterionField, FieldDef } from './field-model';
import { didYouMean, numericValue } from './field-model';

export type Severity = 'error' | 'warning' | 'conflict';

/** One line of the report. */
export interface Issue {
  line: number;
  contactId: string;
  column: string;
  value: string | null;
  code: string;
  severity: Severity;
  message: string;
}

/** An error of the file as a whole or of its header: a report line with no contact (a header column's value is its name). */
export function fileIssue(line: number, code: string, message: string, column = ''): Issue {
  return { line, contactId: '', column, value: column || null, code, severity: 'error', message };
}

/** The header problems parseHeader found, as report lines of the header's line. */
export const headerIssues = (line: number, issues: { column: string; code: string; message: string }[]): Issue[] =>
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
  field: FieldDef;
  newIndex: number;
  newName: string;
  oldIndex?: number;
  oldName?: string;
  /** Reads of cell texts already seen: a column holds few distinct texts, so each is parsed once. */
  cache?: { new: Map<string, unknown>; old: Map<string, unknown> };
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

/** A `[new]` cell read into the file form of its value (codes joined by |, TRUE/FALSE/''). */
export interface NewCell {
  value: string;
  /** Criterion value ids to write (criteria only). */
  valueIds?: number[];
  /** Authorization value to write (authorizations only). */
  bool?: boolean | null;
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

/** A field value the import writes. */
export interface FieldWrite {
  contactId: number;
  field: FieldDef;
  oldValue: string;
  newValue: string;
  cell: NewCell;
  line: number;
}

export interface Counts {
  rows: number;
  validRows: number;
  errorRows: number;
  changes: number;
  unchanged: number;
  conflicts: number;
  applied: number;
  warnings: number;
}

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

type CellRead = { ok: true; cell: NewCell; coerced: [string, string][] } | { ok: false; code: string; message: string };

/** Reads a `[new]` cell of a criterion: known codes, spreadsheet-mangled numbers, one code when single-valued. */
export function readCriterionCell(field: CriterionField, raw: string): CellRead {
  const split = splitMultiValue(raw);
  if (!split.ok) return { ok: false, code: split.code, message: `${split.message} (criterion ${field.code})` };
  if (!field.multiValued && split.codes.length > 1) {
    return {
      ok: false,
      code: 'TOO_MANY_VALUES',
      message: `${field.code} holds one value only, but ${split.codes.length} are given; keep a single code`,
    };
  }
  const codes: string[] = [];
  const coerced: [string, string][] = [];
  for (const part of split.codes) {
    if (field.values.has(part)) {
      codes.push(part);
      continue;
    }
    const asNumber = numericValue(part);
    const candidates = asNumber === undefined ? undefined : field.numeric.get(asNumber);
    if (candidates?.length === 1) {
      codes.push(candidates[0]);
      coerced.push([part, candidates[0]]);
      continue;
    }
    const hint =
      candidates && candidates.length > 1
        ? ` It could be any of ${candidates.join(', ')}; write the exact code.`
        : suggestion(part, field.values.keys());
    return {
      ok: false,
      code: 'UNKNOWN_VALUE_CODE',
      message: `"${part}" is not a value code of ${field.code}.${hint} The codes are listed by GET /criteria/${field.code}/values.`,
    };
  }
  if (new Set(codes).size < codes.length) {
    return {
      ok: false,
      code: 'DUPLICATE_VALUE',
      message: `A value of ${field.code} is given twice; write each code once`,
    };
  }
  const valueIds = codes.map((code) => field.values.get(code)!);
  return { ok: true, cell: { value: joinMultiValue(codes), valueIds }, coerced };
}

function suggestion(input: string, codes: Iterable<string>): string {
  const match = didYouMean(input, codes);
  return match ? ` Did you mean "${match}"?` : '';
}

/** Reads an `[old]` cell into the form current values take, with the same numeric tolerance; no errors. */
export function normalizeOld(field: FieldDef, raw: string): string {
  if (field.kind === 'authorization') {
    const parsed = parseBoolean(raw);
    return parsed.ok ? formatBoolean(parsed.value) : raw.trim();
  }
  const split = splitMultiValue(raw);
  if (!split.ok) return raw.trim();
  const codes = split.codes.map((part) => {
    if (field.values.has(part)) return part;
    const asNumber = numericValue(part);
    const candidates = asNumber === undefined ? undefined : field.numeric.get(asNumber);
    return candidates?.length === 1 ? candidates[0] : part;
  });
  return joinMultiValue(codes);
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
  const error = (column: string, value: string | null, code: string, message: string) => {
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
  error: (column: string, value: string | null, code: string, message: string) => void,
): void {
  const { line, contactIdText } = row;
  for (const column of columns) {
    const raw = cells[column.newIndex];
    const { field } = column;
    if (column.oldIndex !== undefined) {
      const oldRaw = cells[column.oldIndex];
      row.oldRaw.push(oldRaw);
      row.olds.push(cached(column, 'old', oldRaw, () => normalizeOld(field, oldRaw)));
    } else {
      row.oldRaw.push(undefined);
      row.olds.push(undefined);
    }
    if (field.kind === 'authorization') {
      const parsed = cached(column, 'new', raw, () => parseBoolean(raw));
      if (!parsed.ok) {
        error(column.newName, raw, parsed.code, parsed.message);
        row.cells.push(undefined);
      } else {
        row.cells.push({ value: formatBoolean(parsed.value), bool: parsed.value });
      }
      continue;
    }
    const read = cached(column, 'new', raw, () => readCriterionCell(field, raw));
    if (!read.ok) {
      error(column.newName, raw, read.code, read.message);
      row.cells.push(undefined);
      continue;
    }
    for (const [from, to] of read.coerced) {
      row.issues.push({
        line,
        contactId: contactIdText,
        column: column.newName,
        value: raw,
        code: 'NUMERIC_CODE_COERCED',
        severity: 'warning',
        message: `"${from}" was read as the code "${to}" (a spreadsheet probably turned the code into a number); format the column as text to keep codes exact`,
      });
    }
    row.cells.push(read.cell);
  }
}

/** Current values of one batch: contact id -> field id -> value as written in files. A contact absent from the map does not exist. */
export type CurrentValues = Map<number, Map<number, string>>;

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

/** Compares the field cells of a valid row to the contact's current values: unchanged, changes, stale `[old]` values. */
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

/** The write that puts back a value logged as in files (codes joined by |, TRUE/FALSE/''). */
export function restoreCell(field: FieldDef, value: string): NewCell | undefined {
  if (field.kind === 'authorization') {
    const bool = value === 'TRUE' ? true : value === 'FALSE' ? false : null;
    return { value: formatBoolean(bool), bool };
  }
  const split = splitMultiValue(value);
  if (!split.ok) return undefined;
  const ids = split.codes.map((code) => field.values.get(code));
  if (ids.some((id) => id === undefined)) return undefined;
  return { value, valueIds: ids as number[] };
}
