import { Readable } from 'stream';
import * as ExcelJS from 'exceljs';
import { decodeXlsxText } from './xlsx-text';

/** Same shape as readCsv's CsvRecord: `line` is the row number a spreadsheet shows, the header is line 1. */
export interface XlsxRecord {
  line: number;
  cells: string[];
}

export interface XlsxReadOptions {
  /** Most cells a row may have (its last non-empty cell's column number). */
  maxCells?: number;
}

export type XlsxInputErrorCode = 'TOO_MANY_CELLS' | 'MALFORMED_XLSX' | 'EMPTY_FILE';

export class XlsxInputError extends Error {
  constructor(
    readonly code: XlsxInputErrorCode,
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'XlsxInputError';
  }
}

type CellValue = ExcelJS.CellValue | { sharedString: number } | undefined;

interface StreamRow {
  number: number;
  eachCell(callback: (cell: { value: CellValue; numFmt?: string }, column: number) => void): void;
}

interface StreamWorksheet extends AsyncIterable<StreamRow> {
  name?: string;
}

interface StreamWorkbook extends AsyncIterable<StreamWorksheet> {
  model?: { sheets?: { name: string }[] };
}

/**
 * Reads the first worksheet of a workbook as text rows, streaming (exceljs's WorkbookReader): the sheet's rows are
 * never all in memory. Only shared strings are kept (a workbook keeps its distinct strings in one table that the rows
 * refer to), which a file of bounded size bounds too.
 *
 * Each cell becomes the text a user sees in a template: empty -> '', a boolean -> 'TRUE'/'FALSE', a number -> its
 * shortest string ('7' for what was `007` before a spreadsheet turned it into a number), a date -> dd.mm.yyyy,
 * rich text -> its plain text, a formula -> its cached result. Rows with no non-empty cell are left out (like blank
 * lines); the others keep their own row number, gaps included. Rows are padded with '' to the header's width and
 * trailing empty cells past it are dropped, so a row is as wide as the header unless it really has more cells.
 */
export async function* readXlsx(input: Readable, options: XlsxReadOptions = {}): AsyncIterable<XlsxRecord> {
  const maxCells = options.maxCells ?? Infinity;
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell a date from a number
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as StreamWorkbook;

  let done = false;
  let width: number | undefined;
  let sheetsSeen = 0;
  let currentLine = 0;
  try {
    for await (const worksheet of iterate(workbook, () => currentLine)) {
      sheetsSeen += 1;
      const firstName = workbook.model?.sheets?.[0]?.name;
      const isFirst = width === undefined && (firstName === undefined || worksheet.name === undefined || worksheet.name === firstName);
      if (!isFirst) {
        // Another sheet (notes, a pivot table...): drain it without reading it.
        for await (const row of iterate(worksheet, () => currentLine)) void row;
        continue;
      }
      for await (const row of iterate(worksheet, () => currentLine)) {
        currentLine = row.number;
        const cells: string[] = [];
        let last = 0;
        row.eachCell((cell, column) => {
          const text = cellText(cell.value, cell.numFmt);
          if (text === '') return;
          if (column > maxCells) {
            throw new XlsxInputError(
              'TOO_MANY_CELLS',
              `Line ${row.number} has a value in column ${column}, but a row may have at most ${maxCells} cells. Remove the extra columns.`,
              row.number,
            );
          }
          cells[column - 1] = text;
          last = Math.max(last, column);
        });
        if (last === 0) continue;
        width ??= last;
        const length = Math.max(last, width);
        const record: string[] = new Array(length);
        for (let i = 0; i < length; i++) record[i] = cells[i] ?? '';
        yield { line: row.number, cells: record };
      }
      width ??= 0; // the first sheet is read, even when it held nothing
    }
    done = true;
  } finally {
    if (!done) input.destroy();
  }
  if (sheetsSeen === 0) {
    throw new XlsxInputError('MALFORMED_XLSX', 'The file holds no worksheet. Save it again from the spreadsheet as "Excel 2007-365 (.xlsx)" or as CSV.', 1);
  }
  if (!width) {
    throw new XlsxInputError('EMPTY_FILE', 'The workbook has no rows in its first sheet. Upload the template with its header row.', 1);
  }
}

/** Iterates an exceljs async iterable, turning its parse failures into MALFORMED_XLSX. */
async function* iterate<T>(source: AsyncIterable<T>, line: () => number): AsyncIterable<T> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    while (true) {
      let next: IteratorResult<T>;
      try {
        next = await iterator.next();
      } catch (error) {
        if (error instanceof XlsxInputError) throw error;
        throw new XlsxInputError(
          'MALFORMED_XLSX',
          `The file could not be read as an XLSX workbook (${error?.message ?? error}). Save it again from the spreadsheet as "Excel 2007-365 (.xlsx)" or as CSV.`,
          Math.max(line(), 1),
        );
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}

/** The text of one cell value as a template cell. */
export function cellText(value: CellValue, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return decodeXlsxText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (numFmt && isDateFormat(numFmt) && Number.isFinite(value)) return formatDate(excelSerialToDate(value));
    return numberText(value);
  }
  if (value instanceof Date) return formatDate(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) {
      return decodeXlsxText(value.richText.map((run) => run.text ?? '').join(''));
    }
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: unknown }).result;
      if (result !== null && typeof result === 'object' && 'error' in result) return String((result as { error: unknown }).error);
      return cellText(result as CellValue, numFmt);
    }
    if ('error' in value) return String(value.error);
    if ('text' in value) return cellText((value as { text: CellValue }).text, numFmt);
  }
  return '';
}

/** Shortest string that reads back as the same number; NaN (an unreadable cached result) becomes ''. */
function numberText(value: number): string {
  if (Number.isNaN(value)) return '';
  return String(value);
}

function formatDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}.${mm}.${String(date.getUTCFullYear()).padStart(4, '0')}`;
}

/** Excel's 1900 serial (with its 1900 leap-year bug, as exceljs reads it) to a UTC date. */
function excelSerialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86400000));
}

/** A number format shows a date when, outside quoted text and [..] sections, it has a d, m or y. */
export function isDateFormat(format: string): boolean {
  const bare = format
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
  if (bare === '' || /^general$/i.test(bare) || bare === '@') return false;
  return /[dmy]/i.test(bare);
}
