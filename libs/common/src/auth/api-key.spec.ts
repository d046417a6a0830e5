import * as crypto from 'node:crypto';
import { hashApiKey, newApiKey, safeEqual } from './api-key';

jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof crypto>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});
const timingSafeEqual = crypto.timingSafeEqual as jest.MockedFunction<typeof crypto.timingSafeEqual>;

describe('safeEqual', () => {
  beforeEach(() => timingSafeEqual.mockClear());

  it('tells equal from different values', () => {
    const key = newApiKey();
    expect(safeEqual(key, key)).toBe(true);
    expect(safeEqual(key, `${key}x`)).toBe(false);
    expect(safeEqual(key, key.slice(0, -1))).toBe(false);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('é', 'e')).toBe(false);
  });

  it('compares 32-byte digests in constant time whatever the lengths (no early return on a length difference)', () => {
    for (const [a, b] of [
      ['admin-key', 'x'],
      ['', 'a much longer value than the other one'],
      ['same-length-1', 'same-length-2'],
    ]) {
      timingSafeEqual.mockClear();
      expect(safeEqual(a, b)).toBe(false);
      expect(timingSafeEqual).toHaveBeenCalledTimes(1);
      const [left, right] = timingSafeEqual.mock.calls[0] as [Buffer, Buffer];
      expect([left.length, right.length]).toEqual([32, 32]);
    }
  });
});

describe('hashApiKey', () => {
  it('is the hex SHA-256 of the key', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
