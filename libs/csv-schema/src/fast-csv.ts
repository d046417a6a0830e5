// fast-csv's synchronous cores. Its stream wrappers cost a callback chain per row, a
// setImmediate every 100 rows and, on the format side, one Buffer per row; calling the cores
// on large string chunks keeps the parsing and quoting rules of the library without that
// per-row overhead. These classes are not re-exported by the packages' index, hence the
// paths; csv-reader.spec and csv-writer.spec fail loudly if an upgrade moves them.
import { FormatterOptions } from '@fast-csv/format';
import { FieldFormatter } from '@fast-csv/format/build/src/formatter';
import { ParserOptions } from '@fast-csv/parse';
import { Parser } from '@fast-csv/parse/build/src/parser';

export interface ChunkParser {
  /** Rows complete in `text`, and the unparsed rest to prepend to the next chunk. */
  parse(text: string, hasMoreData: boolean): { line: string; rows: string[][] };
}

export function createChunkParser(delimiter: string): ChunkParser {
  // No headers mode, no trimming, empty rows kept (they count as spreadsheet rows).
  const options = new ParserOptions({ delimiter, ignoreEmpty: false, headers: false, strictColumnHandling: false });
  return new Parser(options) as unknown as ChunkParser;
}

export interface FieldQuoter {
  /** The field, RFC 4180 quoted when it holds the delimiter, a quote, CR or LF. */
  format(field: string, index: number, isHeader: boolean): string;
}

export function createFieldQuoter(delimiter: string): FieldQuoter {
  return new FieldFormatter(new FormatterOptions({ delimiter, rowDelimiter: '\r\n' }));
}
