import { CsvInputError } from './csv-input-error';
import type { Delimiter } from './detect';
import { detectDelimiter } from './detect';

const QUOTE = 34;
const LF = 10;
const CR = 13;
const RECORD_START = -1;

/** What fast-csv skips as "space" before a quote or after a closing quote (`\s`, minus line ends). */
function isSpace(code: number): boolean {
  return (
    code === 32 ||
    code === 9 ||
    code === 11 ||
    code === 12 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Follows the record structure of decoded text, chunk by chunk, without extracting cells, so that
 * a runaway record fails fast with its row number instead of growing in memory: records longer
 * than `maxLineChars`, a quote never closed, text after a closing quote, NUL characters.
 *
 * It mirrors fast-csv's rules: a quote opens a quoted cell only as the first non-space character
 * of a cell, `""` inside it is a quote, and CRLF, LF or a lone CR ends a record.
 */
export class InputGuard {
  /** Row number (header = 1) of the record being scanned. */
  line = 1;
  /** Offset (in the whole text) where the first record, the header, ends; -1 until known. */
  headerEnd = -1;
  /** Detected from the header line as soon as it ends (or at the end of input). */
  delimiter: Delimiter | undefined;

  private delimiters: number[]; // while the header is read: any candidate
  private headerText = '';
  private offset = 0; // offset of the current chunk in the whole text
  private recordStart = 0;
  private inQuote = false;
  private quoteLine = 0;
  private quoteMaybeClosed = false; // chunk ended on a quote inside a quoted cell: `""` or the end?
  private afterClose = false; // a quoted cell closed: only spaces, a delimiter or a line end may follow
  private crAtEnd = false; // chunk ended on CR: an LF starting the next one belongs to it
  private lastSignificant = RECORD_START; // last non-space character before the chunk

  constructor(private readonly maxLineChars: number) {
    this.delimiters = [...',;\t'].map((d) => d.charCodeAt(0));
  }

  /** Once the header is read, only the detected delimiter separates cells. */
  private setDelimiter(headerLine: string): void {
    this.delimiter = detectDelimiter(headerLine);
    this.delimiters = [this.delimiter.charCodeAt(0)];
    this.headerText = '';
  }

  scan(text: string): void {
    const nul = text.indexOf('\0');
    if (nul !== -1) {
      this.scanChunk(text.slice(0, nul));
      throw new CsvInputError(
        'BINARY_CONTENT',
        this.line,
        `Line ${this.line} holds a NUL character: this is not a text CSV file. Save the spreadsheet as "CSV UTF-8" and upload that file.`,
      );
    }
    this.scanChunk(text);
  }

  /** End of input: a quoted cell still open is an error. */
  end(): void {
    if (this.delimiter === undefined) this.setDelimiter(this.headerText);
    if (this.quoteMaybeClosed) return; // the file ends on the closing quote
    if (this.inQuote) throw this.unterminated(false);
  }

  private scanChunk(text: string): void {
    const n = text.length;
    let i = 0;
    if (this.crAtEnd) {
      this.crAtEnd = false;
      if (n > 0 && text.charCodeAt(0) === LF) {
        i = 1;
        this.recordStart = this.offset + 1;
      }
    }
    if (this.quoteMaybeClosed && n > 0) {
      this.quoteMaybeClosed = false;
      if (text.charCodeAt(0) === QUOTE)
        i = 1; // `""`: a quote inside the cell
      else this.closeQuote();
    }
    let nextQuote = -1;
    let nextLf = -1;
    let nextCr = -1;
    while (i < n) {
      if (this.afterClose) {
        let c = text.charCodeAt(i);
        while (isSpace(c) && !this.isDelimiter(c)) {
          if (++i === n) break;
          c = text.charCodeAt(i);
        }
        if (i === n) break;
        if (c !== LF && c !== CR && !this.isDelimiter(c)) {
          throw new CsvInputError(
            'MALFORMED_CSV',
            this.line,
            `Line ${this.line}: a quoted cell is followed by "${text[i]}" instead of a delimiter. Either quote the whole cell, doubling every quote inside it (""), or remove the quotes.`,
          );
        }
        this.afterClose = false;
      }
      if (this.inQuote) {
        const q = text.indexOf('"', i);
        if (q === -1 || q === n - 1) {
          this.quoteMaybeClosed = q !== -1;
          break;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          i = q + 2;
          continue;
        }
        this.closeQuote();
        i = q + 1;
        continue;
      }
      if (nextQuote < i) nextQuote = indexOrEnd(text, '"', i);
      if (nextLf < i) nextLf = indexOrEnd(text, '\n', i);
      if (nextCr < i) nextCr = indexOrEnd(text, '\r', i);
      const next = Math.min(nextQuote, nextLf, nextCr);
      if (next === n) break;
      if (next === nextQuote) {
        if (this.opensQuotedCell(text, next)) {
          this.inQuote = true;
          this.quoteLine = this.line;
        }
        i = next + 1;
        continue;
      }
      this.endRecord(this.offset + next);
      if (this.delimiter === undefined) this.setDelimiter(this.headerText + text.slice(0, next));
      i = next + 1;
      if (next === nextCr) {
        if (i === n) this.crAtEnd = true;
        else if (text.charCodeAt(i) === LF) i++;
      }
      this.recordStart = this.offset + i;
    }
    if (this.delimiter === undefined) this.headerText += text;
    this.offset += n;
    if (this.offset - this.recordStart > this.maxLineChars) {
      throw this.inQuote ? this.unterminated(true) : this.tooLong();
    }
    for (let p = n - 1; p >= 0; p--) {
      const c = text.charCodeAt(p);
      if (!isSpace(c) || this.isDelimiter(c)) {
        this.lastSignificant = this.recordStart >= this.offset - n + p + 1 ? RECORD_START : c;
        break;
      }
    }
  }

  private closeQuote(): void {
    this.inQuote = false;
    this.afterClose = true;
  }

  private opensQuotedCell(text: string, at: number): boolean {
    let p = at - 1;
    while (p >= 0 && isSpace(text.charCodeAt(p)) && !this.isDelimiter(text.charCodeAt(p))) p--;
    if (this.offset + p + 1 <= this.recordStart) return true; // nothing before it in its record
    const before = p >= 0 ? text.charCodeAt(p) : this.lastSignificant;
    return before === RECORD_START || this.isDelimiter(before);
  }

  private endRecord(at: number): void {
    if (at - this.recordStart > this.maxLineChars) throw this.tooLong();
    if (this.headerEnd < 0) this.headerEnd = at;
    this.line++;
  }

  private isDelimiter(code: number): boolean {
    const d = this.delimiters;
    return code === d[0] || (d.length > 1 && (code === d[1] || code === d[2]));
  }

  private tooLong(): CsvInputError {
    return new CsvInputError(
      'LINE_TOO_LONG',
      this.line,
      `Line ${this.line} is longer than ${this.maxLineChars} characters: check that the file is a CSV export of the template and that its line ends were kept.`,
    );
  }

  private unterminated(overflow: boolean): CsvInputError {
    const where = overflow ? `and is still open ${this.maxLineChars} characters later` : 'and is never closed';
    return new CsvInputError(
      'UNTERMINATED_QUOTE',
      this.quoteLine,
      `Line ${this.quoteLine}: a cell starts with a quote (") ${where}. Add the closing quote, or double every quote that is part of the text ("").`,
    );
  }
}

function indexOrEnd(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at === -1 ? text.length : at;
}
