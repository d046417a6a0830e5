import { DomainError } from '../errors/domain-error';
import { IDEMPOTENCY_KEY_MAX_LENGTH, parseIdempotencyKey } from './idempotency-key';

describe('parseIdempotencyKey', () => {
  it('answers the trimmed key, or none for an absent or blank header', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('')).toBeUndefined();
    expect(parseIdempotencyKey('   ')).toBeUndefined();
    expect(parseIdempotencyKey('  export-2026-11-26  ')).toBe('export-2026-11-26');
  });

  it('takes 255 characters (the column) and refuses 256 with 400 INVALID_IDEMPOTENCY_KEY, never cuts', () => {
    expect(IDEMPOTENCY_KEY_MAX_LENGTH).toBe(255);
    const longest = 'é'.repeat(255);
    expect(parseIdempotencyKey(` ${longest} `)).toBe(longest);
    let error: unknown;
    try {
      parseIdempotencyKey(longest + 'x');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'INVALID_IDEMPOTENCY_KEY',
      status: 400,
      message: expect.stringContaining('at most 255 characters (it has 256)'),
    });
  });
});
