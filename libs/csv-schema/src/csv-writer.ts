import type { TransformCallback } from 'stream';
import { Transform } from 'stream';
import { escapeCell } from './cell-escape';
import type { FieldQuoter } from './fast-csv';
import { createFieldQuoter } from './fast-csv';

/** Least size of the Buffers the writer emits (but the last): archiver is slow on small writes. */
export const WRITER_CHUNK_BYTES = 64 * 1024;

const BOM = '\ufeff';
const ANY_DELIMITER = /[,;\t]/;
const CRLF = '\r\n';

export interface CsvWriterOptions {
  delimiter?: ',' | ';';
  header: string[];
}

/**
 * A Transform taking rows (`string[]`, values as stored: not escaped) and giving the bytes of
 * the file: UTF-8 BOM, the header, one CRLF-ended line per row, cells escaped against formula
 * injection then RFC 4180 quoted by fast-csv. Output comes in Buffers of at least 64 KiB (but
 * the last), so that a zip stream downstream gets few large writes.
 */
export function createCsvWriter(options: CsvWriterOptions): Transform {
  return new CsvWriter(options);
}

class CsvWriter extends Transform {
  private readonly quoter: FieldQuoter;
  private readonly delimiter: string;
  private readonly special: RegExp;
  private readonly width: number;
  private parts: string[] = [];
  private size = 0; // UTF-16 units held: never more than the UTF-8 bytes they encode to
  private rows = 0;

  constructor(options: CsvWriterOptions) {
    // Room for many rows before a producer is asked to wait: fewer 'drain' round trips per row.
    super({ writableObjectMode: true, readableObjectMode: false, writableHighWaterMark: 1024 });
    const delimiter = options.delimiter ?? ',';
    if (delimiter !== ',' && delimiter !== ';')
      throw new RangeError(`delimiter must be "," or ";", got ${JSON.stringify(delimiter)}`);
    if (!Array.isArray(options.header) || options.header.length === 0)
      throw new RangeError('header must be a non-empty array');
    this.delimiter = delimiter;
    this.quoter = createFieldQuoter(delimiter);
    // Most cells need no quoting; only those go through fast-csv (which also drops NUL, binary in a CSV).
    this.special = delimiter === ',' ? /[",\r\n\0]/ : /[";\r\n\0]/;
    this.width = options.header.length;
    this.append(BOM + this.line(options.header, true));
  }

  override _transform(row: unknown, _encoding: BufferEncoding, done: TransformCallback): void {
    if (!Array.isArray(row) || row.length !== this.width) {
      done(
        new TypeError(
          `CSV row ${this.rows + 1} must be an array of ${this.width} cells like the header, got ${Array.isArray(row) ? `${row.length} cells` : typeof row}`,
        ),
      );
      return;
    }
    this.rows++;
    this.append(this.line(row, false));
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.size > 0) this.emitChunk();
    done();
  }

  private line(row: unknown[], isHeader: boolean): string {
    let out = '';
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      let cell = escapeCell(typeof value === 'string' ? value : value == null ? '' : String(value));
      if (this.special.test(cell)) cell = this.quoter.format(cell, i, false);
      // fast-csv reads an unquoted first cell of only spaces as '' and drops a leading U+FEFF of
      // a record, and an empty one-cell row would be a blank line: quote such a first cell (it
      // holds no quote, or fast-csv would have quoted it already).
      if (i === 0 && cell.charCodeAt(0) !== 34 && needsQuotesFirst(cell, row.length)) cell = `"${cell}"`;
      // The reader detects the delimiter by counting , ; and tab outside quotes in the header.
      else if (isHeader && cell.charCodeAt(0) !== 34 && ANY_DELIMITER.test(cell)) cell = `"${cell}"`;
      out += i === 0 ? cell : this.delimiter + cell;
    }
    return out + CRLF;
  }

  private append(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= WRITER_CHUNK_BYTES) this.emitChunk();
  }

  private emitChunk(): void {
    const text = this.parts.length === 1 ? this.parts[0] : this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.push(Buffer.from(text, 'utf8'));
  }
}

function needsQuotesFirst(cell: string, width: number): boolean {
  if (cell.length === 0) return width === 1;
  return cell.charCodeAt(0) === 0xfeff || cell.trim() === '';
}
