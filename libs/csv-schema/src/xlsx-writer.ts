import { once } from 'events';
import type { Writable } from 'stream';
import * as ExcelJS from 'exceljs';
import { encodeXlsxText } from './xlsx-text';

export interface XlsxTemplateWriterOptions {
  header: string[];
  /** 0-based indexes of the authorization columns: they get a TRUE/FALSE list (blank allowed). */
  booleanColumns: number[];
  sheetName?: string;
}

export interface XlsxTemplateWriter {
  /** Cells are the plain (unescaped) values: a text cell is never a formula, so no `'` is needed. */
  addRow(cells: string[]): void | Promise<void>;
  /** Writes the end of the workbook and resolves once `output` has finished. */
  finish(): Promise<void>;
}

/** Excel refuses longer cells; failing loudly beats a workbook Excel "repairs" by truncating. */
export const XLSX_MAX_CELL_CHARS = 32767;
const XLSX_MAX_ROWS = 1048576;
const TEXT = '@';
// Every so many rows, let the zip catch up (see breathe), so memory stays flat.
const YIELD_EVERY_ROWS = 200;

/**
 * A streaming XLSX template: one worksheet, header row frozen, every cell (and every column, so that cells typed
 * later in a spreadsheet too) formatted as text, so that no spreadsheet turns `007` into `7` or `03.04` into a date.
 * Rows are committed as they come (no shared strings: cells are written inline), so memory does not grow with the
 * number of rows.
 */
export function createXlsxTemplateWriter(output: Writable, options: XlsxTemplateWriterOptions): XlsxTemplateWriter {
  const { header, booleanColumns } = options;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName(options.sheetName), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
  });
  sheet.columns = header.map((name) => ({
    width: Math.min(40, Math.max(10, name.length + 2)),
    style: { numFmt: TEXT },
  }));

  let rowNumber = 0;
  let finished = false;
  const writeRow = (cells: string[]): void => {
    if (finished) throw new Error('XLSX template writer: addRow after finish');
    if (rowNumber >= XLSX_MAX_ROWS) throw new RangeError(`XLSX template writer: more than ${XLSX_MAX_ROWS} rows`);
    rowNumber += 1;
    const row = sheet.getRow(rowNumber);
    cells.forEach((value, index) => {
      if (value.length > XLSX_MAX_CELL_CHARS) {
        throw new RangeError(
          `XLSX template writer: row ${rowNumber}, column ${index + 1} is longer than ${XLSX_MAX_CELL_CHARS} characters`,
        );
      }
      const cell = row.getCell(index + 1);
      cell.numFmt = TEXT;
      // An empty cell gets no value, only the text format.
      if (value !== '') cell.value = encodeXlsxText(value);
    });
    row.commit();
  };

  writeRow(header);
  const headerRow = 1;

  return {
    addRow(cells: string[]): void | Promise<void> {
      writeRow(cells);
      if (rowNumber % YIELD_EVERY_ROWS === 0)
        return breathe((sheet as unknown as { stream: SheetPart }).stream, output);
    },
    async finish(): Promise<void> {
      if (finished) return;
      finished = true;
      const lastRow = Math.max(rowNumber, headerRow + 1);
      for (const index of booleanColumns) {
        const letter = columnLetter(index + 1);
        // Typed on ExcelJS.Worksheet only per cell; the streaming sheet keeps them by range until commit.
        (
          sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }
        ).dataValidations.add(`${letter}${headerRow + 1}:${letter}${lastRow}`, {
          type: 'list',
          allowBlank: true,
          formulae: ['"TRUE,FALSE"'],
          showErrorMessage: true,
          errorStyle: 'stop',
          errorTitle: 'TRUE, FALSE or empty',
          error: 'Choose TRUE, FALSE or leave the cell empty.',
        });
      }
      sheet.commit();
      await workbook.commit();
    },
  };
}

/** exceljs's sheet part: a buffer that writes to the zip's compressor without waiting for it. */
interface SheetPart {
  pipes?: Writable[];
  buffers?: unknown[];
}

/**
 * Lets the zip catch up. exceljs pushes each committed row into the compressor without heeding its backpressure,
 * so without this pause a producer faster than deflate (or than `output`) piles the sheet up in memory.
 */
async function breathe(part: SheetPart, output: Writable): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  for (let spins = 0; ; spins++) {
    const blocked = (part.pipes ?? []).find((pipe) => needsDrain(pipe));
    if (blocked) await once(blocked, 'drain');
    else if (needsDrain(output)) await once(output, 'drain');
    // Not piped to the zip yet (it is still writing an earlier part): wait a little, never forever.
    else if (!part.pipes?.length && (part.buffers?.length ?? 0) > 16 && spins < 1000)
      await new Promise((resolve) => setImmediate(resolve));
    else return;
  }
}

/** Node's `writableNeedDrain`, also for the readable-stream v3 streams archiver pipes through (which lack it). */
function needsDrain(stream: Writable): boolean {
  if (stream.destroyed) return false;
  const state = (stream as unknown as { _writableState?: { needDrain?: boolean } })._writableState;
  return Boolean(stream.writableNeedDrain ?? state?.needDrain);
}

/** A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ], not blank. */
function sheetName(name: string | undefined): string {
  const cleaned = (name ?? 'template')
    .replace(/[:\\/?*[\]]/g, '_')
    .replace(/^'+|'+$/g, '')
    .slice(0, 31)
    .trim();
  return cleaned || 'template';
}

/** 1-based column number to its letters: 1 -> A, 27 -> AA. */
function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}
