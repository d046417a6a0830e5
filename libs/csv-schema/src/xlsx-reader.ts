import { createReadStream, createWriteStream, promises as fs } from 'fs';
import { tmpdir } from 'os';
import { join, posix } from 'path';
import type { Duplex, Readable, TransformCallback } from 'stream';
import { PassThrough } from 'stream';
import { pipeline } from 'stream/promises';
import * as ExcelJS from 'exceljs';
import { SaxesParser } from 'saxes';
import type { InflateLimitCode, InflateLimits } from './inflate-budget';
import { InflateBudget } from './inflate-budget';
import { DEFAULT_MAX_CELLS } from './csv-reader';
import { decodeXlsxText } from './xlsx-text';

/** Same shape as readCsv's CsvRecord: `line` is the row number a spreadsheet shows, the header is line 1. */
export interface XlsxRecord {
  line: number;
  cells: string[];
}

export interface XlsxReadOptions {
  /** Most cells a row may have (its last non-empty cell's column number); DEFAULT_MAX_CELLS, as for a CSV. */
  maxCells?: number;
  /** Most `<c>` elements (empty ones too) the sheet may hold in all; DEFAULT_MAX_XLSX_CELLS. */
  maxTotalCells?: number;
  /**
   * Most bytes of memory the workbook's shared strings (kept while the rows are read) may take in all, each string
   * counted as SHARED_STRING_OVERHEAD_BYTES plus 2 bytes a character; DEFAULT_MAX_SHARED_STRING_BYTES.
   */
  maxSharedStringBytes?: number;
  /** Most strings the workbook's shared strings table may hold (an empty one costs memory too). */
  maxSharedStrings?: number;
  /**
   * What the workbook's parts may inflate to: every part read is counted as it inflates, whatever the zip headers
   * declare (a workbook is a zip, and its headers can lie).
   */
  inflateLimits?: InflateLimits;
  /** Where a sheet that must wait is spooled (the app's scratch directory); the OS temp directory by default. */
  spoolDir?: string;
}

/**
 * What one shared string costs the heap besides its characters (V8's string header and the array slot), and a
 * budget that leaves the import worker (a 128 MB heap under `npm start`) room for its batches: measured, a million
 * 8-character strings take about 33 MB, a million 40-character ones about 94 MB.
 */
export const SHARED_STRING_OVERHEAD_BYTES = 24;
export const DEFAULT_MAX_SHARED_STRING_BYTES = 32 * 1024 * 1024;
export const DEFAULT_MAX_SHARED_STRINGS = 1_000_000;
export const DEFAULT_MAX_XLSX_CELLS = 50_000_000;
/** The last column (XFD) and row a workbook can have: a cell beyond them was not written by a spreadsheet. */
export const XLSX_MAX_COLUMNS = 16_384;
export const XLSX_MAX_ROWS = 1_048_576;
/**
 * How far right of the header's last column a data row may hold a value: such a row is read whole (and refused by
 * the row checks, its cells not matching the header); a value further right stops the file, so that a row is never
 * materialised much wider than the template.
 */
export const XLSX_MAX_EXTRA_COLUMNS = 256;
/** The import app's own defaults (MAX_UNZIPPED_BYTES, MAX_ZIP_RATIO). */
export const DEFAULT_XLSX_INFLATE_LIMITS: InflateLimits = { maxUnzippedBytes: 1024 * 1024 * 1024, maxRatio: 200 };

export type XlsxInputErrorCode = 'TOO_MANY_CELLS' | 'MALFORMED_XLSX' | 'EMPTY_FILE' | 'TOO_LARGE' | InflateLimitCode;

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

type CellValue = ExcelJS.CellValue | undefined;
type SaxEvent =
  | { type: 'open'; name: string; attributes: Record<string, string> }
  | { type: 'text'; text: string }
  | { type: 'close'; name: string };

/**
 * A worksheet part as exceljs's parse() hands it over (through our _parseWorksheet): its path and its bytes, unread.
 */
interface WorksheetPart {
  path: string;
  iterator: AsyncIterable<Buffer | string>;
}

interface StreamWorkbook {
  input: Readable;
  model?: { sheets?: { name: string; rId?: string }[] };
  workbookRels?: { Id: string; Type?: string; Target: string }[];
  sharedStrings?: string[];
  styles: { getStyleModel(id: number): { numFmt?: string } | null };
  parse(): AsyncIterable<{ eventType: string; value: unknown }>;
}

type WorkbookReaderClass = new (input: Readable, options: object) => StreamWorkbook;

/** A part of the workbook as unzipper hands it over: its inflater is piped into it, its reader reads from it. */
type ZipPart = PassThrough;

/** What exceljs pipes into its unzip parser: it hands the parser over first, so that its parts can be counted. */
class ParserSource extends PassThrough {
  constructor(private readonly onParser: (parser: Duplex) => void) {
    super();
  }
  pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
    this.onParser(destination as unknown as Duplex);
    return super.pipe(destination, options);
  }
}

/**
 * exceljs's WorkbookReader unzips and reads the workbook, the relationships and the styles. Which sheet to read, and
 * the spooling of sheets that must wait, are ours (firstSheet): exceljs names a sheet only when its relationship's
 * target is spelled `worksheets/sheetN.xml`, fails when a sheet comes after the shared strings but before
 * xl/workbook.xml, and leaves its spool files behind when a read stops halfway. Its unzipper emits 'end' early, which
 * would drop the last worksheets of a small workbook (countParts). Its XML parsing of the shared strings and the
 * rows is replaced: it decodes every chunk alone (an accent split across two chunks becomes two U+FFFD) and decodes
 * entities twice (a cell
 * holding `&amp;` reads back as `&`). And its unzipping is counted: it reads the zip's local headers as they
 * stream by (never the central directory the upload was checked against) and inflates every part, even those it
 * then drains, however far past its declared size.
 */
const TemplateWorkbookReader = class extends (ExcelJS.stream.xlsx.WorkbookReader as unknown as WorkbookReaderClass) {
  maxSharedStringBytes = DEFAULT_MAX_SHARED_STRING_BYTES;
  maxSharedStrings = DEFAULT_MAX_SHARED_STRINGS;
  inflateLimits = DEFAULT_XLSX_INFLATE_LIMITS;
  spoolParent = tmpdir();
  /**
   * Truthy from the start, as are the relationships: exceljs then hands every worksheet over as it comes, and never
   * spools one itself (its temp files outlive a read stopped halfway); firstSheet spools what must wait.
   */
  sharedStrings: string[] = [];
  workbookRels: { Id: string; Type?: string; Target: string }[] = [];
  private sharedStringsRead = false;
  /** Set once reading must stop (a part inflated past the limits, or the input failed): what readXlsx fails with. */
  failure?: Error;
  private parser?: Duplex;
  private part?: ZipPart;

  _getStream(input: Readable): Readable {
    input.on('error', (error: Error) => this.abort(error));
    return input.pipe(new ParserSource((parser) => this.countParts(parser)));
  }

  /** Counts the bytes of every part the parser inflates (each is pushed to exceljs before its inflater is piped in). */
  private countParts(parser: Duplex): void {
    this.parser = parser;
    // unzipper emits 'end' when its input is all written: exceljs's entry loop would stop there, before the entries
    // still buffered (the last worksheets). Only the readable side's own 'end' (after every entry) goes through.
    const emit = parser.emit.bind(parser);
    parser.emit = (event: string | symbol, ...args: unknown[]) =>
      event === 'end' && !parser.readableEnded ? false : emit(event, ...args);
    const budget = new InflateBudget(this.inflateLimits);
    const push = parser.push.bind(parser);
    parser.push = (part: ZipPart | null, encoding?: BufferEncoding) => {
      if (part) this.countPart(part, budget);
      return push(part, encoding);
    };
  }

  private countPart(part: ZipPart, budget: InflateBudget): void {
    this.part = part;
    let inflater: { bytesWritten?: number } | undefined;
    part.once('pipe', (source: { bytesWritten?: number }) => (inflater = source));
    let inflated = 0;
    const pass = part._transform.bind(part);
    part._transform = (chunk: Buffer, encoding: BufferEncoding, callback: TransformCallback) => {
      // Once stopped, the callback never comes: the inflater waits, and nothing more inflates.
      if (this.failure) return;
      inflated += chunk.length;
      // A stored part has no inflater (a PassThrough): it gives out what it takes in.
      const compressed = typeof inflater?.bytesWritten === 'number' ? inflater.bytesWritten : inflated;
      const broken = budget.count(chunk.length, inflated, compressed);
      if (broken) return this.abort(inflateError(broken, budget.limits));
      pass(chunk, encoding, callback);
    };
  }

  /** Stops reading: the part's reader (exceljs, a spool file, the rows) sees it end, and exceljs then meets `error`. */
  abort(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.part?.push(null);
    this.parser?.destroy(error);
  }

  /**
   * exceljs hands every `xl/worksheets/sheetN.xml` here, unread, as it comes in the zip (sharedStrings and workbookRels
   * are truthy).
   */
  *_parseWorksheet(
    iterator: AsyncIterable<Buffer | string>,
    sheetNo: string,
  ): Generator<{ eventType: 'worksheet'; value: WorksheetPart }> {
    yield { eventType: 'worksheet', value: { path: `xl/worksheets/sheet${sheetNo}.xml`, iterator } };
  }

  /**
   * The path of the worksheet the workbook lists first (its first tab): the first `<sheet>` of xl/workbook.xml whose
   * relationship is a worksheet (a chart sheet holds no rows). Undefined until both parts are read, or if none is one.
   */
  firstListedPath(): string | undefined {
    if (!this.model) return undefined;
    for (const sheet of this.model.sheets ?? []) {
      const rel = this.workbookRels.find((candidate) => candidate.Id === sheet.rId);
      if (!rel?.Target || !/\/worksheet$/.test(rel.Type ?? '')) continue;
      // Relative to xl/, or absolute from the package's root.
      return rel.Target.startsWith('/') ? posix.normalize(rel.Target.slice(1)) : posix.normalize(`xl/${rel.Target}`);
    }
    return undefined;
  }

  /**
   * The bytes of the first listed worksheet, once, then the rest of the zip is read through (and counted). That sheet
   * is read as it comes when xl/workbook.xml, its relationships and the shared strings came before it. Otherwise it
   * waits in a temp file, read once the zip is read: so does every worksheet met before the zip says which sheet is
   * first. The other sheets are drained. Never more than a chunk of a part is in memory.
   */
  async *firstSheet(): AsyncIterable<AsyncIterable<Buffer | string>> {
    let spoolDir: string | undefined;
    const spooled = new Map<string, string>();
    let found = false;
    try {
      for await (const { eventType, value } of this.parse()) {
        if (eventType !== 'worksheet' || found) continue;
        const part = value as WorksheetPart;
        const target = this.firstListedPath();
        if (target === part.path && this.sharedStringsRead) {
          found = true;
          yield part.iterator;
        } else if (target === undefined || target === part.path) {
          if (!spoolDir) {
            await fs.mkdir(this.spoolParent, { recursive: true });
            spoolDir = await fs.mkdtemp(join(this.spoolParent, 'xlsx-'));
          }
          const file = join(spoolDir, String(spooled.size));
          // Read whole before exceljs goes on: its next entry waits for this one.
          await pipeline(part.iterator, createWriteStream(file));
          spooled.set(part.path, file);
        } // else another sheet: exceljs drains it
      }
      if (this.failure) throw this.failure;
      const target = this.firstListedPath();
      const file = target === undefined ? undefined : spooled.get(target);
      if (!found && file) {
        found = true;
        yield createReadStream(file);
      }
      if (!found) {
        throw new XlsxInputError(
          'MALFORMED_XLSX',
          target === undefined
            ? 'The workbook lists no worksheet. Save it again from the spreadsheet as "Excel 2007-365 (.xlsx)" or as CSV.'
            : `The workbook's first sheet (${target}) is not in the file. Save it again from the spreadsheet as "Excel 2007-365 (.xlsx)" or as CSV.`,
          1,
        );
      }
    } finally {
      if (spoolDir) await fs.rm(spoolDir, { recursive: true, force: true });
    }
  }

  // eslint-disable-next-line require-yield -- a generator only so that it matches exceljs's parser interface
  async *_parseSharedStrings(entry: AsyncIterable<Buffer | string>): AsyncGenerator<never> {
    const strings: string[] = [];
    let total = 0;
    let text = '';
    let inText = false;
    let phonetic = 0;
    for await (const events of saxEvents(entry)) {
      for (const event of events) {
        if (event.type === 'open') {
          if (event.name === 'si') text = '';
          else if (event.name === 'rPh') phonetic += 1;
          else if (event.name === 't' && phonetic === 0) inText = true;
        } else if (event.type === 'text') {
          if (inText) text += event.text;
        } else if (event.name === 't') inText = false;
        else if (event.name === 'rPh') phonetic -= 1;
        else if (event.name === 'si') {
          total += SHARED_STRING_OVERHEAD_BYTES + 2 * text.length;
          if (total > this.maxSharedStringBytes) {
            throw new XlsxInputError(
              'TOO_LARGE',
              `The workbook's distinct texts would take more than ${Math.round(this.maxSharedStringBytes / 1048576)} MB of memory (MAX_XLSX_SHARED_STRING_BYTES), more than a template ever does. Save it as CSV, or split it.`,
              1,
            );
          }
          if (strings.length >= this.maxSharedStrings) {
            throw new XlsxInputError(
              'TOO_LARGE',
              `The workbook holds more than ${this.maxSharedStrings} distinct texts, more than a template ever does. Save it as CSV, or split it.`,
              1,
            );
          }
          strings.push(decodeXlsxText(text));
        }
      }
    }
    this.sharedStrings = strings;
    this.sharedStringsRead = true;
  }
};

/**
 * Reads the first sheet of a workbook, the one it lists first (its first tab, whatever its part's name or place in
 * the zip), as text rows, streaming: the sheet's rows are never all in memory (a sheet met in the zip before the
 * parts that say which sheet is first, or before the shared strings, waits in a temp file). Only shared strings are
 * kept (a workbook keeps its distinct strings in one table that the rows refer to), which a file of bounded size
 * bounds too.
 *
 * Each cell becomes the text a user sees in a template: empty -> '', a boolean -> 'TRUE'/'FALSE', a number -> its
 * shortest string ('7' for what was `007` before a spreadsheet turned it into a number), a date -> dd.mm.yyyy,
 * rich text -> its plain text, a formula -> its cached result, an error -> its text (`#N/A`). Rows with no non-empty
 * cell are left out (like blank lines); the others keep their own row number, gaps included. Rows are padded with ''
 * to the header's width and trailing empty cells past it are dropped, so a row is as wide as the header unless it
 * really has more cells.
 */
export async function* readXlsx(input: Readable, options: XlsxReadOptions = {}): AsyncIterable<XlsxRecord> {
  const limits: SheetLimits = {
    maxCells: options.maxCells ?? DEFAULT_MAX_CELLS,
    maxTotalCells: options.maxTotalCells ?? DEFAULT_MAX_XLSX_CELLS,
  };
  const workbook = new TemplateWorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell a date from a number
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  workbook.maxSharedStringBytes = options.maxSharedStringBytes ?? DEFAULT_MAX_SHARED_STRING_BYTES;
  workbook.maxSharedStrings = options.maxSharedStrings ?? DEFAULT_MAX_SHARED_STRINGS;
  workbook.inflateLimits = options.inflateLimits ?? DEFAULT_XLSX_INFLATE_LIMITS;
  if (options.spoolDir) workbook.spoolParent = options.spoolDir;

  let done = false;
  let width: number | undefined;
  let currentLine = 0;
  // A part cut short by abort() reads as damaged XML: the reason it was cut is the error.
  const malformed = (error: Error) =>
    workbook.failure ??
    new XlsxInputError(
      'MALFORMED_XLSX',
      `The file could not be read as an XLSX workbook (${error?.message ?? error}). Save it again from the spreadsheet as "Excel 2007-365 (.xlsx)" or as CSV.`,
      Math.max(currentLine, 1),
    );
  try {
    for await (const sheet of guard(workbook.firstSheet(), malformed)) {
      const rows = sheetRows(sheet, workbook, limits);
      for await (const row of guard(rows, malformed)) {
        currentLine = row.line;
        let last = row.cells.length;
        while (last > 0 && !row.cells[last - 1]) last -= 1;
        if (last === 0) continue;
        width ??= last;
        const length = Math.max(last, width);
        const cells: string[] = new Array(length);
        for (let i = 0; i < length; i++) cells[i] = row.cells[i] ?? '';
        yield { line: row.line, cells };
      }
    }
    if (workbook.failure) throw workbook.failure;
    done = true;
  } finally {
    if (!done) input.destroy();
  }
  if (!width) {
    throw new XlsxInputError(
      'EMPTY_FILE',
      'The workbook has no rows in its first sheet. Upload the template with its header row.',
      1,
    );
  }
}

function inflateError(code: InflateLimitCode, limits: InflateLimits): XlsxInputError {
  return code === 'ZIP_TOO_LARGE'
    ? new XlsxInputError(
        code,
        `The workbook is larger than ${limits.maxUnzippedBytes} bytes once unzipped; split the file`,
        0,
      )
    : new XlsxInputError(
        code,
        `The workbook compresses more than ${limits.maxRatio}:1, which a real template never does; save the sheet as CSV and upload the .csv`,
        0,
      );
}

interface SheetLimits {
  maxCells: number;
  maxTotalCells: number;
}

/**
 * The rows of a worksheet part: `<row r>` of `<c r t s>` cells holding `<v>`, `<is><t>` or `<f>` + `<v>`. Bounded
 * whatever the sheet says: a cell beyond XFD (or a row beyond 1048576) is refused, and so is a value further right
 * than the header's last column allows, or than maxCells; the cells are counted (maxTotalCells). A row's cells are a
 * sparse array whose last index is within those bounds.
 */
async function* sheetRows(
  bytes: AsyncIterable<Buffer | string>,
  workbook: StreamWorkbook,
  { maxCells, maxTotalCells }: SheetLimits,
): AsyncIterable<{ line: number; cells: (string | undefined)[] }> {
  let line = 0;
  let cells: (string | undefined)[] = [];
  let column = 0;
  let ref = '';
  let totalCells = 0;
  /** The header's last non-empty column, once the first row holding a value is read. */
  let headerWidth: number | undefined;
  let rowWidth = 0;
  let type = 'n';
  let style = 0;
  let value = '';
  let inline = '';
  let collect: 'v' | 't' | undefined;
  let phonetic = 0;
  for await (const events of saxEvents(bytes)) {
    const rows: { line: number; cells: (string | undefined)[] }[] = [];
    for (const event of events) {
      if (event.type === 'open') {
        switch (event.name) {
          case 'row':
            line = event.attributes.r ? rowNumber(event.attributes.r, line) : line + 1;
            cells = [];
            column = 0;
            rowWidth = 0;
            break;
          case 'c':
            if (++totalCells > maxTotalCells) {
              throw new XlsxInputError(
                'TOO_LARGE',
                `The workbook holds more than ${maxTotalCells} cells (line ${line}), more than a template ever does. Save it as CSV, or split it.`,
                Math.max(line, 1),
              );
            }
            ref = event.attributes.r ?? '';
            column = ref ? columnNumber(ref, line) : column + 1;
            if (column > XLSX_MAX_COLUMNS) throw beyondXfd(ref || `${columnName(column)}${line}`, line);
            type = event.attributes.t ?? 'n';
            style = event.attributes.s ? parseInt(event.attributes.s, 10) : 0;
            value = '';
            inline = '';
            break;
          case 'v':
            collect = 'v';
            break;
          case 'rPh':
            phonetic += 1;
            break;
          case 't':
            if (phonetic === 0) collect = 't';
            break;
        }
      } else if (event.type === 'text') {
        if (collect === 'v') value += event.text;
        else if (collect === 't') inline += event.text;
      } else {
        switch (event.name) {
          case 'v':
          case 't':
            collect = undefined;
            break;
          case 'rPh':
            phonetic -= 1;
            break;
          case 'c': {
            const text = rawCellText(type, value, inline, style, workbook);
            if (text !== '') {
              const cell = ref || `${columnName(column)}${line}`;
              if (headerWidth !== undefined && column > headerWidth + XLSX_MAX_EXTRA_COLUMNS) {
                throw new XlsxInputError(
                  'TOO_MANY_CELLS',
                  `Cell ${cell} is beyond the header's last column (${columnName(headerWidth)}) by more than ${XLSX_MAX_EXTRA_COLUMNS} columns; delete what is right of the table.`,
                  line,
                );
              }
              if (column > maxCells) {
                throw new XlsxInputError(
                  'TOO_MANY_CELLS',
                  `Line ${line} has a value in column ${column} (cell ${cell}), but a row may have at most ${maxCells} cells. Delete what is right of the table.`,
                  line,
                );
              }
              cells[column - 1] = text;
              rowWidth = Math.max(rowWidth, column);
            }
            break;
          }
          case 'row':
            if (headerWidth === undefined && rowWidth > 0) headerWidth = rowWidth;
            rows.push({ line, cells });
            break;
        }
      }
    }
    yield* rows;
  }
}

function rawCellText(type: string, value: string, inline: string, style: number, workbook: StreamWorkbook): string {
  switch (type) {
    case 's':
      return value === '' ? '' : (workbook.sharedStrings?.[parseInt(value, 10)] ?? '');
    case 'inlineStr':
      return decodeXlsxText(inline);
    case 'str':
      return decodeXlsxText(value);
    case 'b':
      return value === '' ? '' : value.trim() === '0' ? 'FALSE' : 'TRUE';
    case 'e':
      return value;
    case 'd':
      return value === '' ? '' : cellText(new Date(value));
    default: {
      if (value.trim() === '') return '';
      const numFmt = style ? workbook.styles.getStyleModel(style)?.numFmt : undefined;
      return cellText(Number(value), numFmt);
    }
  }
}

function beyondXfd(cell: string, line: number): XlsxInputError {
  return new XlsxInputError(
    'MALFORMED_XLSX',
    `Cell ${cell.slice(0, 20)} is beyond column XFD, the last a workbook can have: the file was not saved by a spreadsheet. Delete what is right of the table, or save the sheet as CSV.`,
    Math.max(line, 1),
  );
}

/**
 * Column number of a cell reference: `C7` -> 3. Past XFD it stops counting (XLSX_MAX_COLUMNS + 1), however long the
 * letters run; a reference that is not letters then digits is refused.
 */
function columnNumber(ref: string, line: number): number {
  let column = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code < 65 || code > 90) break;
    column = Math.min(column * 26 + (code - 64), XLSX_MAX_COLUMNS + 1);
  }
  if (column === 0 || !/^[0-9]+$/.test(ref.slice(i))) {
    throw new XlsxInputError(
      'MALFORMED_XLSX',
      `Line ${line}: "${ref.slice(0, 20)}" is not a cell reference. Save the file again from the spreadsheet as "Excel 2007-365 (.xlsx)" or as CSV.`,
      Math.max(line, 1),
    );
  }
  return column;
}

/** A row's number (`<row r>`), within 1..1048576. */
function rowNumber(r: string, previous: number): number {
  const line = /^[0-9]{1,7}$/.test(r) ? parseInt(r, 10) : 0;
  if (line < 1 || line > XLSX_MAX_ROWS) {
    throw new XlsxInputError(
      'MALFORMED_XLSX',
      `The row after line ${previous} is numbered "${r.slice(0, 20)}", but a workbook's rows run from 1 to ${XLSX_MAX_ROWS}. Save the file again from the spreadsheet as "Excel 2007-365 (.xlsx)" or as CSV.`,
      Math.max(previous, 1),
    );
  }
  return line;
}

/** Letters of a column number: 3 -> `C`, 16384 -> `XFD`. */
function columnName(column: number): string {
  let name = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** XML events, in batches per chunk, with UTF-8 decoded across chunk boundaries. */
async function* saxEvents(bytes: AsyncIterable<Buffer | string>): AsyncIterable<SaxEvent[]> {
  const parser = new SaxesParser();
  const decoder = new TextDecoder('utf-8');
  let events: SaxEvent[] = [];
  let failure: Error | undefined;
  parser.on('error', (error) => (failure ??= error));
  parser.on('opentag', (tag) =>
    events.push({ type: 'open', name: localName(tag.name), attributes: tag.attributes as Record<string, string> }),
  );
  parser.on('text', (text) => events.push({ type: 'text', text }));
  parser.on('closetag', (tag) => events.push({ type: 'close', name: localName(tag.name) }));
  const flush = () => {
    if (failure) throw failure;
    const batch = events;
    events = [];
    return batch;
  };
  for await (const chunk of bytes) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    yield flush();
  }
  parser.write(decoder.decode());
  parser.close();
  yield flush();
}

/** `x:row` -> `row`: some producers prefix the spreadsheetml namespace. */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Iterates an async iterable, turning anything but our own errors into `wrap(error)`. */
async function* guard<T>(source: AsyncIterable<T>, wrap: (error: Error) => Error): AsyncIterable<T> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    while (true) {
      let next: IteratorResult<T>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw error instanceof XlsxInputError ? error : wrap(error);
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
      if (result !== null && typeof result === 'object' && 'error' in result)
        return String((result as { error: unknown }).error);
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
