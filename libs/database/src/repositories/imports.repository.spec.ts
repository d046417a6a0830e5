import type { FileError } from '../entities';
import { keptFileErrors, MAX_FILE_ERRORS } from './imports.repository';
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
});
