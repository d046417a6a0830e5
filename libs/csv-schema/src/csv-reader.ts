import { isAscii } from 'buffer';
import type { Readable } from 'stream';
import * as iconv from 'iconv-lite';
import { unescapeCell } from './cell-escape';
import { CsvInputError } from './csv-input-error';
import type { CsvEncoding, Delimiter } from './detect';
import { detectEncoding, hasUtf16Bom, hasUtf8Bom } from './detect';
import type { ChunkParser } from './fast-csv';
import { createChunkParser } from './fast-csv';
import { InputGuard } from './input-guard';

/** One row of the file. `line` is the row number as a spreadsheet shows it; the header is line 1. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface CsvReadOptions {
  /** Longest record accepted, in characters of decoded text (about bytes). Default 1 MiB. */
  maxLineBytes?: number;
  /** Most cells accepted in one record. Default 10,000. */
  maxCells?: number;
}

export interface CsvFileInfo {
  encoding: CsvEncoding;
  delimiter: Delimiter;
  bom: boolean;
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
export const DEFAULT_MAX_CELLS = 10_000;
/** Bytes looked at to choose the encoding; also the least text handed to the parser at once. */
export const SAMPLE_BYTES = 64 * 1024;
/**
 * While the sample is pure ASCII it says nothing about the encoding: look further, up to this
 * much, for the first accented character (a Windows-1252 file whose first rows have no accent).
 */
export const MAX_SAMPLE_BYTES = 1024 * 1024;

/**
 * Records of a CSV byte stream (a file or a zip entry), header first. Strips a UTF-8 BOM, detects
 * the encoding from the first 64 KiB (up to 1 MiB while those are plain ASCII, which fits both
 * encodings) and the delimiter from the header line, guards against
 * runaway records, parses with fast-csv and removes formula-injection escaping from every cell.
 * Throws `CsvInputError` for a file it cannot read. A blank line is a record with one empty cell.
 */
export function readCsv(input: Readable, options?: CsvReadOptions): AsyncIterable<CsvRecord> {
  return readCsvWithInfo(input, options).records;
}

/**
 * `readCsv`, plus what was detected. `info` settles once iteration has read the header
 * (it rejects with the same error if the file cannot be read before that).
 */
export function readCsvWithInfo(
  input: Readable,
  options?: CsvReadOptions,
): { info: Promise<CsvFileInfo>; records: AsyncIterable<CsvRecord> } {
  let resolveInfo!: (info: CsvFileInfo) => void;
  let rejectInfo!: (error: unknown) => void;
  const info = new Promise<CsvFileInfo>((resolve, reject) => {
    resolveInfo = resolve;
    rejectInfo = reject;
  });
  info.catch(() => undefined); // a caller that only iterates must not get an unhandled rejection

  const reader = new CsvChunkReader(options, (detected) => resolveInfo(detected));

  async function* records(): AsyncGenerator<CsvRecord> {
    try {
      for await (const chunk of input) {
        const batch = reader.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        for (let i = 0; i < batch.length; i++) yield batch[i];
      }
      const last = reader.finish();
      for (let i = 0; i < last.length; i++) yield last[i];
    } catch (error) {
      rejectInfo(error);
      throw error;
    }
  }
  return { info, records: { [Symbol.asyncIterator]: records } };
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

/**
 * The synchronous reader behind `readCsv` (and the parse thread of `readCsvInWorker`): chunks of
 * bytes in, in order, records out. Holds the first bytes until they tell the encoding.
 */
export class CsvChunkReader {
  private readonly reader: CsvTextReader;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private asciiSoFar = true;

  constructor(options?: CsvReadOptions, onInfo: (info: CsvFileInfo) => void = () => undefined) {
    const maxLine = positive(options?.maxLineBytes, DEFAULT_MAX_LINE_BYTES, 'maxLineBytes');
    const maxCells = positive(options?.maxCells, DEFAULT_MAX_CELLS, 'maxCells');
    this.reader = new CsvTextReader(maxLine, maxCells, onInfo);
  }

  push(bytes: Buffer): CsvRecord[] {
    const { reader } = this;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.asciiSoFar && !reader.started) this.asciiSoFar = isAscii(bytes);
    if (this.pendingBytes < SAMPLE_BYTES) return [];
    if (this.asciiSoFar && !reader.started && this.pendingBytes < MAX_SAMPLE_BYTES) return [];
    const batch = reader.write(
      this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes),
    );
    this.pending = [];
    this.pendingBytes = 0;
    return batch;
  }

  /** End of input: the last records (or the error of a file that ends badly). */
  finish(): CsvRecord[] {
    return this.reader.end(this.pendingBytes > 0 ? Buffer.concat(this.pending, this.pendingBytes) : undefined);
  }
}

/** Bytes (once the encoding is known) in, records out. */
class CsvTextReader {
  private decoder: { write(b: Buffer): string; end(): string | undefined } | undefined;
  private guard: InputGuard;
  private parser: ChunkParser | undefined;
  private header = ''; // text held until the header line is complete
  private rest = ''; // text fast-csv has not consumed yet (an incomplete record)
  private line = 0;
  private sawText = false;

  private info: CsvFileInfo | undefined;

  constructor(
    maxLine: number,
    private readonly maxCells: number,
    private readonly onInfo: (info: CsvFileInfo) => void,
  ) {
    this.guard = new InputGuard(maxLine);
  }

  get started(): boolean {
    return this.decoder !== undefined;
  }

  write(bytes: Buffer): CsvRecord[] {
    if (!this.decoder) bytes = this.start(bytes, false);
    return this.text(this.decoder!.write(bytes), false);
  }

  end(bytes?: Buffer): CsvRecord[] {
    if (!this.decoder) bytes = this.start(bytes ?? Buffer.alloc(0), true);
    const records = bytes && bytes.length > 0 ? this.text(this.decoder!.write(bytes), false) : [];
    const tail = this.text(this.decoder!.end() ?? '', true);
    return tail.length === 0 ? records : records.concat(tail);
  }

  /** Chooses the encoding from the first bytes; returns them without a BOM. */
  private start(sample: Buffer, complete: boolean): Buffer {
    if (hasUtf16Bom(sample)) {
      throw new CsvInputError(
        'UNSUPPORTED_ENCODING',
        1,
        'The file is encoded in UTF-16 ("Unicode text"): save it as "CSV UTF-8" (or plain CSV) and upload it again.',
      );
    }
    const bom = hasUtf8Bom(sample);
    const encoding = detectEncoding(sample, { complete });
    this.info = { encoding, delimiter: ',', bom };
    this.decoder = iconv.getDecoder(encoding, { stripBOM: false });
    return bom ? sample.subarray(3) : sample;
  }

  private text(text: string, final: boolean): CsvRecord[] {
    if (!this.sawText && /\S/.test(text)) this.sawText = true;
    if (text.length > 0) this.guard.scan(text);
    if (final) {
      this.guard.end();
      if (!this.sawText)
        throw new CsvInputError(
          'EMPTY_FILE',
          1,
          'The file is empty: upload the template with its header row and your rows.',
        );
    }
    if (!this.parser) {
      this.header += text;
      if (this.guard.delimiter === undefined) return [];
      const delimiter = this.guard.delimiter!;
      this.parser = createChunkParser(delimiter);
      this.info!.delimiter = delimiter;
      this.onInfo(this.info!);
      text = this.header;
      this.header = '';
    }
    return this.parse(text, final);
  }

  private parse(text: string, final: boolean): CsvRecord[] {
    let rows: string[][];
    try {
      const parsed = this.parser!.parse(this.rest.length > 0 ? this.rest + text : text, !final);
      this.rest = parsed.line;
      rows = parsed.rows;
    } catch (error) {
      // The guard catches what fast-csv rejects; this is a safety net, its line is approximate.
      throw new CsvInputError(
        'MALFORMED_CSV',
        this.line + 1,
        `The file is not valid CSV after line ${this.line} (${(error as Error).message}). Check the quotes around that line.`,
      );
    }
    const records = new Array<CsvRecord>(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const cells = rows[r].length === 0 ? [''] : rows[r];
      const line = ++this.line;
      if (cells.length > this.maxCells) {
        throw new CsvInputError(
          'TOO_MANY_CELLS',
          line,
          `Line ${line} has ${cells.length} cells, more than the ${this.maxCells} accepted: check the delimiter of the file and remove the extra columns.`,
        );
      }
      for (let c = 0; c < cells.length; c++) cells[c] = unescapeCell(cells[c]);
      records[r] = { line, cells };
    }
    return records;
  }
}
