import fc from 'fast-check';
import { joinMultiValue, splitMultiValue } from './multi-value';

const code = fc.stringMatching(/^[A-Z0-9_][A-Za-z0-9_.\-é]{0,7}$/);

describe('joinMultiValue', () => {
  it.each([
    [[], ''],
    [['JAZZ'], 'JAZZ'],
    [['ROCK', 'JAZZ'], 'JAZZ|ROCK'],
    [['b', 'a', 'B', 'A'], 'A|B|a|b'],
    [['10', '9', '007'], '007|10|9'],
  ])('%j -> %j', (codes, cell) => {
    expect(joinMultiValue(codes)).toBe(cell);
  });

  it('does not reorder the caller array', () => {
    const codes = ['ROCK', 'JAZZ'];
    joinMultiValue(codes);
    expect(codes).toEqual(['ROCK', 'JAZZ']);
  });
});

describe('splitMultiValue', () => {
  it.each([
    ['', []],
    ['   ', []],
    ['JAZZ', ['JAZZ']],
    [' JAZZ ', ['JAZZ']],
    ['JAZZ|ROCK', ['JAZZ', 'ROCK']],
    ['ROCK|JAZZ', ['JAZZ', 'ROCK']],
    [' ROCK | JAZZ ', ['JAZZ', 'ROCK']],
    ['C|B|A', ['A', 'B', 'C']],
    ['jazz|JAZZ', ['JAZZ', 'jazz']],
  ])('%j -> %j', (cell, codes) => {
    expect(splitMultiValue(cell)).toEqual({ ok: true, codes });
  });

  it.each(['|', 'A|', '|A', 'A||B', 'A| |B', ' | ', 'A|B|', '||'])('%j has an empty part', (cell) => {
    const result = splitMultiValue(cell);
    expect(result).toMatchObject({ ok: false, code: 'EMPTY_VALUE_PART' });
    if (!result.ok) expect(result.message).toContain(cell);
  });

  it.each([
    ['A|A', 'A'],
    ['A| A', 'A'],
    ['B|A|B', 'B'],
    ['JAZZ|ROCK|JAZZ ', 'JAZZ'],
  ])('%j lists %j twice', (cell, dup) => {
    const result = splitMultiValue(cell);
    expect(result).toMatchObject({ ok: false, code: 'DUPLICATE_VALUE' });
    if (!result.ok) expect(result.message).toContain(`"${dup}"`);
  });

  it('split(join(codes)) is the sorted codes, for any set of codes', () => {
    fc.assert(
      fc.property(fc.uniqueArray(code, { maxLength: 12 }), (codes) => {
        const sorted = [...codes].sort();
        expect(splitMultiValue(joinMultiValue(codes))).toEqual({ ok: true, codes: sorted });
        expect(joinMultiValue(sorted)).toBe(joinMultiValue(codes));
      }),
      { numRuns: 2000 },
    );
  });

  it('join(split(cell)) normalises a valid cell: sorted, no spaces', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(code, { minLength: 1, maxLength: 6 }),
        fc.array(fc.constantFrom('', ' ', '  '), { minLength: 14, maxLength: 14 }),
        (codes, pads) => {
          const cell = codes.map((c, i) => `${pads[i]}${c}${pads[i + 1]}`).join('|');
          const result = splitMultiValue(cell);
          expect(result.ok).toBe(true);
          if (result.ok) expect(joinMultiValue(result.codes)).toBe([...codes].sort().join('|'));
        },
      ),
    );
  });

  it('a repeated code is always DUPLICATE_VALUE', () => {
    fc.assert(
      fc.property(fc.uniqueArray(code, { minLength: 1, maxLength: 6 }), fc.nat(), (codes, k) => {
        const dup = codes[k % codes.length];
        expect(splitMultiValue([...codes, dup].join('|'))).toMatchObject({ ok: false, code: 'DUPLICATE_VALUE' });
      }),
    );
  });
});
