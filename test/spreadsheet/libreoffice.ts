/**
 * Test tooling: what a spreadsheet user's "open, (edit,) save" does to a template, done for real with LibreOffice
 * Calc (`soffice --headless --convert-to`, an isolated profile per locale and process), so the import can be tested
 * against it.
 *
 * Findings, LibreOffice 7.4 (Debian bookworm `libreoffice-calc`), from a template CSV (UTF-8 with BOM, CRLF, `,`)
 * holding `007`, `0012`, `03.04`, `1.10`, `3.0`, `1e5`, `12345678901234567890`, `2024-01-02`, `01/02/2024`, `TRUE`,
 * `FALSE`, `true`, `t`, `'=SUM(1)`, `'-5`, `'+33 6 12`, `'@x`, `A|B`, accents and a quoted `O'Neil, Jr`, opened with
 * the import dialog's standard choices (the file's separator and charset, "detect special numbers" and "quoted field
 * as text" off) and saved with the locale's defaults. test/e2e/libreoffice.e2e-spec.ts checks the main ones.
 *
 * CSV -> CSV, all three locales:
 * - Plain numbers of the locale become numbers, saved in their shortest form: `007` -> `7`, `0012` -> `12`,
 *   `1e5` -> `100000` everywhere; en-US also `03.04` -> `3.04`, `1.10` -> `1.1`, `3.0` -> `3`. fr-FR and de-DE
 *   (decimal comma) keep `03.04`, `1.10`, `3.0` as text.
 * - Past 15 digits precision is lost: `12345678901234567890` -> `1.23456789012346E+019` (fr/de
 * `1,23456789012346E+019`).
 *   A code or id that long cannot survive a spreadsheet that opens the CSV as is.
 * - `2024-01-02` becomes a date but is written back as `2024-01-02`; `01/02/2024` and `03.04` (without "detect special
 *   numbers") stay text.
 * - Birth dates (contacts template): `1980-12-31` comes back unchanged in every locale, "detect special numbers" on or
 *   off. `31.12.1980`, `31/12/1980`, `31-12-1980` stay text with it off; with it on, fr-FR writes them all back as
 *   `31/12/80` and de-DE `31.12.1980` as `31.12.80` (two-digit years, which the import refuses), en-US keeps them but
 *   for `01/02/2003` -> `01/02/03`. Hence the template writes `yyyy-mm-dd`. `fr`, `de`, `it`, `en` stay as they are.
 * - `TRUE`, `FALSE`, `true`, `t` stay text, unchanged (not translated to VRAI/WAHR).
 * - The formula-escaped cells keep their apostrophe (`'=SUM(1)`): nothing is evaluated, the import's unescape gives the
 *   value back. Empty cells stay empty.
 * - The saved file: separator `,` (en-US) or `;` (fr-FR, de-DE), every text cell in `"` quotes, numbers bare, LF line
 *   ends, no BOM, the system charset (here Windows-1252, a Western-European Windows; characters outside it become `?`).
 * CSV -> XLSX: the same numbers become number cells (`7`, `3.04` en-US, `12345678901234600000`), `2024-01-02` a date
 * cell (readXlsx gives `02.01.2024`), everything else text cells, apostrophes kept.
 * XLSX template (our writer: every cell text, `@` format) -> CSV or XLSX, all locales: nothing changes, `007`, `03.04`,
 * `1.10`, `2024-01-02`, `TRUE` stay as they are. As CSV every cell is quoted text and `=SUM(1)` is written bare (it was
 * never escaped in the workbook), which the import reads back as `=SUM(1)`.
 * Without import options `soffice --convert-to` reads a CSV in the system charset, BOM or not (the BOM becomes `ï»¿`
 * in the first header cell): the helper always passes the choices a user makes when the import preview looks right.
 * A conversion takes 5 to 20 s (start-up dominates): convert many files in one call (`convertWithLibreOffice`).
 */
import { execFile } from 'child_process';
import { rmSync } from 'fs';
import { copyFile, mkdir, mkdtemp as makeTemp, readFile, readdir, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { basename, extname, join } from 'path';
import * as ExcelJS from 'exceljs';

export type SpreadsheetLocale = 'en-US' | 'fr-FR' | 'de-DE';
export type SpreadsheetFormat = 'csv' | 'xlsx';

interface LocaleProfile {
  /** POSIX locale LibreOffice takes as the system locale (number recognition, boolean names). */
  posix: string;
  /** Windows language id, the CSV filter's language token. */
  lcid: number;
  /** The field separator the Text CSV save dialog proposes. */
  separator: ',' | ';';
  /** rtl_TextEncoding of the system charset: 1 = Windows-1252 (76 would be UTF-8). */
  charset: number;
}

export const LOCALE_PROFILES: Record<SpreadsheetLocale, LocaleProfile> = {
  'en-US': { posix: 'en_US.UTF-8', lcid: 1033, separator: ',', charset: 1 },
  'fr-FR': { posix: 'fr_FR.UTF-8', lcid: 1036, separator: ';', charset: 1 },
  'de-DE': { posix: 'de_DE.UTF-8', lcid: 1031, separator: ';', charset: 1 },
};

const UTF8 = 76;
const WINDOWS_1252 = 1;
const SOFFICE = process.env.SOFFICE_PATH ?? 'soffice';
const TIMEOUT_MS = 120_000;

// Every directory made here (work files, the profiles), for removeLibreOfficeFiles.
const made = new Set<string>();

/** Removes the temporary files and profiles made so far (call it in afterAll). */
export function removeLibreOfficeFiles(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}
async function mkdtemp(prefix: string): Promise<string> {
  const dir = await makeTemp(prefix);
  made.add(dir);
  return dir;
}

// One LibreOffice at a time per profile (two instances on one user installation fight over its lock); the
// locales have their own profiles and may run side by side.
const queues = new Map<SpreadsheetLocale, Promise<unknown>>();
function serialized<T>(locale: SpreadsheetLocale, task: () => Promise<T>): Promise<T> {
  const run = (queues.get(locale) ?? Promise.resolve()).then(task, task);
  queues.set(
    locale,
    run.catch(() => undefined),
  );
  return run;
}

export interface ResaveOptions {
  locale: SpreadsheetLocale;
  to: SpreadsheetFormat;
  /** The CSV import dialog's "Detect special numbers" (dates, times, …): off unless asked, as LibreOffice proposes. */
  detectSpecialNumbers?: boolean;
}

/**
 * Opens `inputPath` (.csv or .xlsx) in LibreOffice Calc as a user of `locale` does and saves it as `to` with that
 * locale's default options. Returns the path of the saved file (in a new temporary directory).
 */
export async function resaveWithLibreOffice(inputPath: string, options: ResaveOptions): Promise<string> {
  return (await convertWithLibreOffice([inputPath], options))[0];
}

/** resaveWithLibreOffice for many files at once: one LibreOffice start per kind of input. Same order as `inputs`. */
export function convertWithLibreOffice(inputs: string[], options: ResaveOptions): Promise<string[]> {
  return serialized(options.locale, async () => {
    const profile = LOCALE_PROFILES[options.locale];
    const work = await mkdtemp(join(tmpdir(), 'cmu-lo-'));
    const outDir = join(work, 'out');
    await mkdir(outDir);
    // Inputs that LibreOffice must open the same way go through one call.
    const groups = new Map<string, { source: string; output: string }[]>();
    const outputs: string[] = [];
    for (const [index, inputPath] of inputs.entries()) {
      const ext = extname(inputPath).toLowerCase();
      if (ext !== '.csv' && ext !== '.xlsx')
        throw new Error(`convertWithLibreOffice: ${inputPath} is neither .csv nor .xlsx`);
      const source = join(work, `f${index}${ext}`);
      await copyFile(inputPath, source);
      const infilter =
        ext === '.csv' ? await csvImportFilter(source, profile, options.detectSpecialNumbers ?? false) : '';
      const output = join(outDir, `f${index}.${options.to}`);
      outputs.push(output);
      groups.set(infilter, [...(groups.get(infilter) ?? []), { source, output }]);
    }
    for (const [infilter, files] of groups) {
      const args = [
        `-env:UserInstallation=file://${profileDir(options.locale)}`,
        '--headless',
        '--norestore',
        '--nologo',
        '--nolockcheck',
      ];
      if (infilter) args.push(`--infilter=${infilter}`);
      args.push(
        '--convert-to',
        options.to === 'csv'
          ? `csv:Text - txt - csv (StarCalc):${csvExportOptions(profile)}`
          : 'xlsx:Calc MS Excel 2007 XML',
      );
      args.push('--outdir', outDir, ...files.map((file) => file.source));
      await run(SOFFICE, args, { ...process.env, LANG: profile.posix, LC_ALL: profile.posix, LANGUAGE: '' });
    }
    const produced = await readdir(outDir);
    const missing = outputs.filter((output) => !produced.includes(basename(output)));
    if (missing.length)
      throw new Error(
        `LibreOffice wrote no ${options.to} for ${missing.join(', ')} (found: ${produced.join(', ') || 'nothing'})`,
      );
    return outputs;
  });
}

/** The import dialog's choices of a user whose preview looks right: the file's separator and charset, the locale. */
async function csvImportFilter(path: string, profile: LocaleProfile, detectSpecialNumbers: boolean): Promise<string> {
  const sample = await readFile(path);
  const charset = looksUtf8(sample) ? UTF8 : WINDOWS_1252;
  const firstLine = sample.toString('latin1').split(/\r?\n/, 1)[0];
  const separator = [',', ';', '\t']
    .map((s) => ({ s, n: countOutsideQuotes(firstLine, s) }))
    .sort((a, b) => b.n - a.n)[0].s;
  // separator, text delimiter ", charset, first line 1, no column formats, language, quoted field as text: off,
  // detect special numbers (off unless asked), then the defaults (skip empty cells, trim spaces, evaluate formulas:
  // off).
  return `CSV:${separator.charCodeAt(0)},34,${charset},1,,${profile.lcid},false,${detectSpecialNumbers}`;
}

/**
 * Text CSV save: separator, `"`, charset, (first line), (formats), language, quote all text cells, (detect special
 * numbers), save as shown.
 */
function csvExportOptions(profile: LocaleProfile): string {
  return `${profile.separator.charCodeAt(0)},34,${profile.charset},1,,${profile.lcid},true,false,true`;
}

function profileDir(locale: SpreadsheetLocale): string {
  const dir = join(tmpdir(), `cmu-lo-profile-${locale}-${process.pid}`);
  made.add(dir);
  return dir;
}

function looksUtf8(bytes: Buffer): boolean {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function countOutsideQuotes(line: string, char: string): number {
  let inQuotes = false;
  let count = 0;
  for (const c of line) {
    if (c === '"') inQuotes = !inQuotes;
    else if (c === char && !inQuotes) count += 1;
  }
  return count;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, timeout: TIMEOUT_MS }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve();
    });
  });
}

/** A cell to change: row as a spreadsheet shows it (header = 1), column by header name or 1-based number. */
export interface CellEdit {
  row: number;
  column: string | number;
  /** What the user types: a string stays text, '' or null empties the cell. */
  value: string | number | boolean | null;
}

/**
 * Edits a template "through the spreadsheet": LibreOffice converts it to XLSX (opening it as a user of `locale`),
 * the cells are changed in that workbook, and LibreOffice saves it again as `to` with the locale's defaults. So the
 * untouched cells get exactly what LibreOffice does to them, the edited ones hold the typed value.
 */
export async function editThroughSpreadsheet(
  inputPath: string,
  edits: CellEdit[],
  options: ResaveOptions,
): Promise<string> {
  const asXlsx = await resaveWithLibreOffice(inputPath, { locale: options.locale, to: 'xlsx' });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(asXlsx);
  const sheet = workbook.worksheets[0];
  const header = (sheet.getRow(1).values as unknown[]).map((v) => (v === null || v === undefined ? '' : String(v)));
  for (const edit of edits) {
    const column = typeof edit.column === 'number' ? edit.column : header.indexOf(edit.column);
    if (column < 1) throw new Error(`editThroughSpreadsheet: no column ${edit.column} in ${header.join(', ')}`);
    sheet.getCell(edit.row, column).value = edit.value === '' ? null : edit.value;
  }
  const edited = join(await mkdtemp(join(tmpdir(), 'cmu-edit-')), 'edited.xlsx');
  await workbook.xlsx.writeFile(edited);
  return resaveWithLibreOffice(edited, options);
}

/** Writes `text` to a new temporary file named `name` and returns its path (for tests that build a CSV by hand). */
export async function writeTempFile(name: string, content: string | Buffer): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'cmu-file-')), name);
  await writeFile(path, content);
  return path;
}
