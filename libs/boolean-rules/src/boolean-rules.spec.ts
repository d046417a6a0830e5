import fc from 'fast-check';
import type { TriState } from './boolean-rules';
import { BOOLEAN_SPELLINGS, formatBoolean, parseBoolean } from './boolean-rules';

const TABLE: [string, TriState][] = [
  ...BOOLEAN_SPELLINGS.true.map((s) => [s, true] as [string, TriState]),
  ...BOOLEAN_SPELLINGS.false.map((s) => [s, false] as [string, TriState]),
  ['', null],
];
const ACCEPTED = new Set(TABLE.map(([s]) => s));
const REJECTED = [
  'True',
  'False',
  'tRUE',
  'fALSE',
  'TRue',
  '1',
  '0',
  'yes',
  'no',
  'Y',
  'N',
  'oui',
  'non',
  'VRAI',
  'FAUX',
  'vrai',
  'x',
  'TRUE TRUE',
  'T F',
  '"TRUE"',
  "'TRUE",
  'TRUEE',
  'null',
  '-',
  '✓',
];

describe('boolean table', () => {
  it('is the documented table', () => {
    expect(BOOLEAN_SPELLINGS).toEqual({ true: ['TRUE', 'true', 'T', 't'], false: ['FALSE', 'false', 'F', 'f'] });
  });

  it('cannot be changed at run time', () => {
    expect(() => BOOLEAN_SPELLINGS.true.push('yes')).toThrow();
  });

  describe.each(TABLE)('%j', (spelling, value) => {
    it.each(['', ' ', '  ', '\t', ' \t '])('reads with surrounding %j', (pad) => {
      expect(parseBoolean(`${pad}${spelling}${pad}`)).toEqual({ ok: true, value });
      expect(parseBoolean(`${pad}${spelling}`)).toEqual({ ok: true, value });
      expect(parseBoolean(`${spelling}${pad}`)).toEqual({ ok: true, value });
    });
  });

  it.each(REJECTED)('rejects %j with INVALID_BOOLEAN listing every accepted spelling', (cell) => {
    const result = parseBoolean(cell);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('INVALID_BOOLEAN');
    expect(result.message).toContain(`"${cell.trim()}"`);
    for (const spelling of [...BOOLEAN_SPELLINGS.true, ...BOOLEAN_SPELLINGS.false])
      expect(result.message).toContain(`"${spelling}"`);
    expect(result.message).toMatch(/empty/);
  });

  it('shortens a very long rejected value in the message', () => {
    const result = parseBoolean('x'.repeat(5000));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeLessThan(300);
  });

  it('formats each value with its canonical spelling', () => {
    expect(formatBoolean(true)).toBe('TRUE');
    expect(formatBoolean(false)).toBe('FALSE');
    expect(formatBoolean(null)).toBe('');
  });

  it('canonical spellings are the first of each table row', () => {
    expect(formatBoolean(true)).toBe(BOOLEAN_SPELLINGS.true[0]);
    expect(formatBoolean(false)).toBe(BOOLEAN_SPELLINGS.false[0]);
  });

  it('parse(format(v)) === v for every value', () => {
    for (const v of [true, false, null]) expect(parseBoolean(formatBoolean(v))).toEqual({ ok: true, value: v });
  });

  it('accepts exactly the table (property: any other trimmed string is rejected)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 8 }), (cell) => {
        const result = parseBoolean(cell);
        const trimmed = cell.trim();
        if (ACCEPTED.has(trimmed)) {
          expect(result).toEqual({ ok: true, value: TABLE.find(([s]) => s === trimmed)![1] });
        } else {
          expect(result).toMatchObject({ ok: false, code: 'INVALID_BOOLEAN' });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('every case variant of true/false other than the listed ones is rejected', () => {
    const variants = (word: string): string[] =>
      Array.from({ length: 1 << word.length }, (_, mask) =>
        [...word].map((ch, i) => (mask & (1 << i) ? ch.toUpperCase() : ch.toLowerCase())).join(''),
      );
    for (const v of [...variants('true'), ...variants('false'), ...variants('t'), ...variants('f')]) {
      expect(parseBoolean(v).ok).toBe(ACCEPTED.has(v));
    }
  });
});
