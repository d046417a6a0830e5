import type { FileError } from '../entities';
import type { DataSource } from 'typeorm';
import { ImportsRepository, keptFileErrors, MAX_FILE_ERRORS } from './imports.repository';
import { cutError, ERROR_CHARS } from './statement';

describe('what an import row keeps of its errors', () => {
  const errors = (n: number, message = 'Column 7: the header cell is empty'): FileError[] =>
    Array.from({ length: n }, () => ({ code: 'EMPTY_HEADER', message }));

  it('keeps every file error up to the limit', () => {
    expect(keptFileErrors(errors(MAX_FILE_ERRORS))).toEqual({ kept: errors(MAX_FILE_ERRORS), omitted: 0 });
  });

  it('keeps the first 100 file errors and counts the rest', () => {
    const { kept, omitted } = keptFileErrors(errors(1000));
    expect(kept).toHaveLength(100);
    expect(omitted).toBe(900);
  });

  it('cuts a long message, and an error to its TEXT column (4 bytes a character at most)', () => {
    expect(keptFileErrors(errors(1, 'x'.repeat(5000))).kept[0].message).toHaveLength(1000);
    expect(cutError('é'.repeat(100_000))).toHaveLength(ERROR_CHARS);
    expect(ERROR_CHARS * 4).toBeLessThanOrEqual(65_535);
    expect(cutError(null)).toBeNull();
    expect(cutError('short')).toBe('short');
  });

  it('cuts a report line to its columns, a value or a message to what TEXT holds', () => {
    const [statement] = new ImportsRepository({} as DataSource).issueStatements(1, [
      {
        line: 2,
        contactId: '9'.repeat(100),
        column: 'c'.repeat(300),
        value: 'v'.repeat(1024 * 1024),
        code: 'TOO_LONG',
        severity: 'error',
        message: 'm'.repeat(70_000),
      },
    ]);
    const [[row]] = statement.params as unknown[][][];
    expect((row as string[]).slice(2).map((cell) => cell.length)).toEqual([64, 255, ERROR_CHARS, 8, 5, ERROR_CHARS]);
  });
});
