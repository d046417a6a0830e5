export type CsvInputErrorCode =
  | 'LINE_TOO_LONG'
  | 'TOO_MANY_CELLS'
  | 'UNTERMINATED_QUOTE'
  | 'BINARY_CONTENT'
  | 'UNSUPPORTED_ENCODING'
  | 'EMPTY_FILE'
  | 'MALFORMED_CSV';

/**
 * The file as a whole cannot be read. `line` is the row number as a spreadsheet shows it
 * (header = 1); a quoted cell spanning several physical lines still counts as one row.
 */
export class CsvInputError extends Error {
  constructor(
    readonly code: CsvInputErrorCode,
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvInputError';
  }
}
