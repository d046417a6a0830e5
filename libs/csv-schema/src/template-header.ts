import { CONTACT_COLUMNS } from '@app/common';

/**
 * What a template or an import is about: the values of criteria, the authorizations, or the contacts' own
 * columns. The one list of data types: entities, DTOs, queue messages and the field-kind registry use it.
 */
export const DATA_TYPES = ['criteria', 'authorizations', 'contacts'] as const;
export type DataType = (typeof DATA_TYPES)[number];

export const isDataType = (value: unknown): value is DataType => (DATA_TYPES as readonly unknown[]).includes(value);

export const CONTACT_ID = 'contact_id';
/** Informative columns of criteria/authorization templates, ignored on import. */
export const INFO_COLUMNS = ['last_name', 'first_name', 'email'];
/** The fields of data type `contacts`, in template order: the codes of the contact columns table. */
export const CONTACT_FIELDS: string[] = CONTACT_COLUMNS.map((column) => column.code);

export const OLD_PREFIX = '[old] ';
export const NEW_PREFIX = '[new] ';

/**
 * Header of a template: `contact_id`, the informative columns (not for `contacts`, whose fields
 * they are), then `[old] CODE`, `[new] CODE` per field in the given order.
 */
export function templateHeader(dataType: DataType, fieldCodes: string[]): string[] {
  const header = dataType === 'contacts' ? [CONTACT_ID] : [CONTACT_ID, ...INFO_COLUMNS];
  for (const code of fieldCodes) header.push(`${OLD_PREFIX}${code}`, `${NEW_PREFIX}${code}`);
  return header;
}

export interface HeaderColumn {
  index: number;
  name: string;
  role: 'contact_id' | 'info' | 'old' | 'new';
  code?: string;
}

export type HeaderIssueCode =
  'MISSING_CONTACT_ID' | 'DUPLICATE_COLUMN' | 'UNKNOWN_CODE' | 'OLD_WITHOUT_NEW' | 'EMPTY_HEADER';

export interface HeaderIssue {
  code: HeaderIssueCode;
  column: string;
  index: number;
  message: string;
}

export interface ParsedHeader {
  columns: HeaderColumn[];
  fields: { code: string; oldIndex?: number; newIndex: number }[];
  issues: HeaderIssue[];
}

// `[old] CODE`, `[NEW]CODE`, `[New]  CODE`: prefix in any case, spaces optional.
const PREFIXED = /^\[\s*(old|new)\s*\]\s*(.*)$/is;

/**
 * Reads a header row. Columns are `contact_id`, informative columns, `[old] CODE`, `[new] CODE`
 * or a bare `CODE` (same as `[new] CODE`). Every problem is reported, none is thrown: the caller
 * decides that issues are file-level errors. Unknown and duplicated columns are not used as fields.
 */
export function parseHeader(
  cells: string[],
  isKnownCode: (code: string) => boolean,
  options?: { infoColumns?: string[] },
): ParsedHeader {
  const infoColumns = new Set((options?.infoColumns ?? INFO_COLUMNS).map((c) => c.toLowerCase()));
  const columns: HeaderColumn[] = [];
  const issues: HeaderIssue[] = [];
  const seen = new Map<string, number>(); // normalised column -> first index
  const olds = new Map<string, number>();
  const news = new Map<string, number>();
  let contactIdSeen = false;

  cells.forEach((cell, index) => {
    const name = (cell ?? '').trim();
    if (name === '') {
      issues.push({
        code: 'EMPTY_HEADER',
        column: '',
        index,
        message: `Column ${columnLetter(index)} has no name in the header row: name it or delete the column.`,
      });
      return;
    }
    let column: HeaderColumn;
    const lower = name.toLowerCase();
    if (lower === CONTACT_ID) {
      column = { index, name, role: 'contact_id' };
    } else if (infoColumns.has(lower)) {
      column = { index, name, role: 'info' };
    } else {
      const match = PREFIXED.exec(name);
      const role = match ? (match[1].toLowerCase() as 'old' | 'new') : 'new';
      const code = match ? match[2].trim() : name;
      if (code === '' || !isKnownCode(code)) {
        issues.push({
          code: 'UNKNOWN_CODE',
          column: name,
          index,
          message:
            code === ''
              ? `Column ${columnLetter(index)} "${name}" names no code: write "[old] CODE" or "[new] CODE".`
              : `Column ${columnLetter(index)} "${name}": "${code}" is not a known code. Check its spelling against the codes the API lists, or delete the column.`,
        });
        return;
      }
      column = { index, name, role, code };
    }
    const key =
      column.code === undefined
        ? column.role === 'info'
          ? `info:${lower}`
          : column.role
        : `${column.role}:${column.code}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({
        code: 'DUPLICATE_COLUMN',
        column: name,
        index,
        message: `Column ${columnLetter(index)} "${name}" repeats column ${columnLetter(first)} "${cells[first].trim()}": keep only one of them.`,
      });
      return;
    }
    seen.set(key, index);
    columns.push(column);
    if (column.role === 'contact_id') contactIdSeen = true;
    else if (column.role === 'old') olds.set(column.code!, index);
    else if (column.role === 'new') news.set(column.code!, index);
  });

  if (!contactIdSeen) {
    issues.push({
      code: 'MISSING_CONTACT_ID',
      column: CONTACT_ID,
      index: -1,
      message: `The header has no "${CONTACT_ID}" column: keep the ${CONTACT_ID} column of the template, it tells which contact each row updates.`,
    });
  }
  for (const [code, oldIndex] of olds) {
    if (!news.has(code)) {
      issues.push({
        code: 'OLD_WITHOUT_NEW',
        column: cells[oldIndex].trim(),
        index: oldIndex,
        message: `Column ${columnLetter(oldIndex)} "${cells[oldIndex].trim()}" has no matching "${NEW_PREFIX}${code}" column: add it with the wanted values, or delete the [old] column.`,
      });
    }
  }
  issues.sort((a, b) => a.index - b.index);

  const fields: ParsedHeader['fields'] = [];
  for (const [code, newIndex] of news) {
    const oldIndex = olds.get(code);
    fields.push(oldIndex === undefined ? { code, newIndex } : { code, oldIndex, newIndex });
  }
  return { columns, fields, issues };
}

/** Spreadsheet column name of a 0-based index: 0 -> A, 26 -> AA. */
export function columnLetter(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}
