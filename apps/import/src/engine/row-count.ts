import { Readable } from 'node:stream';
import * as ExcelJS from 'exceljs';
import { openUpload, ZipLimits } from './upload-file';

/** Excel's last row: a `<dimension>` reaching further is not believed. */
const MAX_SHEET_ROWS = 1_048_576;
/** How far into a worksheet part its `<dimension>` is looked for (it comes before `<sheetData>`). */
const MAX_HEAD_CHARS = 64 * 1024;
/** A row element: `<row …>`, also prefixed (`<x:row …>`); text holds no `<`, so this never matches cell text. */
const ROW_TAG = /<(?:[A-Za-z_][\w.-]*:)?row[\s/>]/g;
const SHEET_DATA = /<(?:[A-Za-z_][\w.-]*:)?sheetData[\s/>]/;
const DIMENSION = /<(?:[A-Za-z_][\w.-]*:)?dimension\s[^>]*?ref\s*=\s*["']\$?[A-Z]*\$?(\d+)(?::\$?[A-Z]*\$?(\d+))?["']/;

/**
 * progress.total before the end: the rows below the header of an upload, counted cheaply beside the run. A CSV
 * (plain or the entry of a zip, inflated through openUpload's guard) counts its line feeds; an XLSX (bare or zipped)
 * takes its first worksheet's `<dimension>` when that spans several rows and is plausible for the file's size, else
 * counts the sheet's `<row>` elements. An estimate (a quoted line break, a blank line or a formatted empty row
 * counts as a row), corrected at the end of the run. Null when the file cannot be read: the run reports why.
 */
export async function countRows(path: string, limits: ZipLimits): Promise<number | null> {
  let opened: Awaited<ReturnType<typeof openUpload>> | undefined;
  try {
    opened = await openUpload(path, limits);
    const rows = opened.format === 'csv' ? await csvLines(opened.stream) : await firstSheetRows(opened.stream, opened.bytes, limits.maxUnzippedBytes);
    return rows === null ? null : Math.max(rows - 1, 0);
  } catch {
    return null;
  } finally {
    opened?.stream.destroy();
  }
}

/** Lines of a CSV: its line feeds, plus a last line without one. */
async function csvLines(input: Readable): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lines++;
    if (chunk.length) last = chunk[chunk.length - 1];
  }
  return last === 0x0a ? lines : lines + 1;
}

interface SheetPart {
  sheetNo: string;
  bytes: AsyncIterable<Buffer | string>;
}

interface SequentialWorkbook {
  model?: { sheets?: { rId?: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  parse(): AsyncIterable<{ eventType: string; value: SheetPart }>;
}

/**
 * exceljs's streaming reader unzips the workbook in one pass (a zipped .xlsx has no random access), reading the
 * workbook and its relationships. Worksheet parts are handed over as raw bytes; shared strings and styles are
 * skipped. Marking the shared strings and relationships as known up front keeps it from spooling the worksheets
 * that come before them to temporary files.
 */
const CountingWorkbookReader = class extends (ExcelJS.stream.xlsx.WorkbookReader as unknown as new (input: Readable, options: object) => object) {
  constructor(input: Readable) {
    super(input, { worksheets: 'emit', sharedStrings: 'ignore', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore' });
    Object.assign(this, { sharedStrings: [], workbookRels: [] });
  }

  *_parseWorksheet(bytes: AsyncIterable<Buffer | string>, sheetNo: string): Generator<{ eventType: string; value: SheetPart }> {
    yield { eventType: 'worksheet', value: { sheetNo, bytes } };
  }
} as unknown as new (input: Readable) => SequentialWorkbook;

/** The number of the worksheet part (`xl/worksheets/sheetN.xml`) that the workbook lists first, once both are read. */
function firstSheetNo(workbook: SequentialWorkbook): string | undefined {
  const rId = workbook.model?.sheets?.[0]?.rId;
  const target = rId && workbook.workbookRels?.find((rel) => rel.Id === rId)?.Target;
  return target ? /sheet(\d+)\.xml$/.exec(target)?.[1] : undefined;
}

/** Rows of the first worksheet (header included), as readXlsx picks it: the workbook's first sheet, else the first part met. */
async function firstSheetRows(input: Readable, fileBytes: number, maxSheetBytes: number): Promise<number | null> {
  const workbook = new CountingWorkbookReader(input);
  const counted = new Map<string, number>();
  let firstMet: string | undefined;
  for await (const { eventType, value } of workbook.parse()) {
    if (eventType !== 'worksheet') continue;
    firstMet ??= value.sheetNo;
    const first = firstSheetNo(workbook);
    if (first !== undefined && first !== value.sheetNo) continue; // another sheet: exceljs drains it
    const rows = await sheetRows(value.bytes, fileBytes, maxSheetBytes);
    if (first !== undefined) return rows;
    counted.set(value.sheetNo, rows); // parts before the workbook part: which one is first is known later
  }
  const first = firstSheetNo(workbook) ?? firstMet;
  return first === undefined ? null : (counted.get(first) ?? null);
}

/**
 * Rows of a worksheet part: its `<dimension ref="A1:X1001"/>` when it spans several rows and the file is large
 * enough to hold them (a row takes at least a byte, even compressed), else its `<row>` elements, counted. Gives up
 * past maxSheetBytes inflated (a workbook's zip headers can lie; the run itself stops such a file).
 */
async function sheetRows(bytes: AsyncIterable<Buffer | string>, fileBytes: number, maxSheetBytes: number): Promise<number> {
  let inflated = 0;
  let head: string | undefined = '';
  let carry = '';
  let rows = 0;
  const count = (text: string) => {
    // Everything before the last `<` is complete; a tag cut by the chunk's end is counted with the next chunk.
    const cut = text.lastIndexOf('<');
    const whole = cut < 0 ? '' : text.slice(0, cut);
    rows += whole.match(ROW_TAG)?.length ?? 0;
    carry = (cut < 0 ? text : text.slice(cut)).slice(0, 256);
  };
  for await (const chunk of bytes) {
    inflated += chunk.length;
    if (inflated > maxSheetBytes) throw new Error('the worksheet inflates beyond the limit');
    const text = typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    if (head === undefined) {
      count(carry + text);
      continue;
    }
    head += text;
    const data = SHEET_DATA.exec(head);
    if (!data && head.length < MAX_HEAD_CHARS) continue;
    const dimension = DIMENSION.exec(data ? head.slice(0, data.index) : head);
    if (dimension) {
      const from = Number(dimension[1]);
      const to = dimension[2] === undefined ? from : Number(dimension[2]);
      if (from >= 1 && to > from && to <= MAX_SHEET_ROWS && to - from + 1 <= fileBytes) return to - from + 1;
    }
    const rest = head;
    head = undefined;
    count(rest);
  }
  if (head !== undefined) count(head);
  return rows + (carry.match(ROW_TAG)?.length ?? 0);
}
