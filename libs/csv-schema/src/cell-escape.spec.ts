import fc from 'fast-check';
import { escapeCell, isFormulaStart, unescapeCell } from './cell-escape';

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
const FORMULA = ['=', '+', '-', '@', '＝', '＋', '－', '＠'];
/** What a spreadsheet may skip before a formula. */
const FILLERS = [
  ' ',
  '\n',
  '\t',
  '\r',
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u200b',
  '\u3000',
  '\ufeff',
];
const anyString = fc.string({ unit: 'binary', maxLength: 20 });
// Strings built from the characters that matter here, so edge cases come up often.
const tricky = fc.string({
  unit: fc.constantFrom(...'\'=+-@\t\r\n a"＝＋－＠\u0001\u00a0\u3000'.split('')),
  maxLength: 6,
});

describe('escapeCell / unescapeCell', () => {
  describe.each(TRIGGERS)('a cell starting with %j', (t) => {
    it.each([t, `${t}1+1`, `${t}SUM(A1:A3)`, `${t}${t}`, `${t} x`])('%j gets a leading apostrophe', (value) => {
      expect(escapeCell(value)).toBe(`'${value}`);
      expect(unescapeCell(`'${value}`)).toBe(value);
    });
    it('an apostrophe already before it gets one more', () => {
      expect(escapeCell(`'${t}x`)).toBe(`''${t}x`);
      expect(escapeCell(`''${t}x`)).toBe(`'''${t}x`);
      expect(unescapeCell(`''${t}x`)).toBe(`'${t}x`);
    });
  });

  describe.each(FILLERS)('filler %j before a formula character', (filler) => {
    it.each(FORMULA)('%j gets a leading apostrophe, and back', (f) => {
      for (const value of [`${filler}${f}1+1`, `${filler}${filler}${f}SUM(A1)`, `${filler} ${f}`]) {
        expect(isFormulaStart(value)).toBe(true);
        expect(escapeCell(value)).toBe(`'${value}`);
        expect(unescapeCell(`'${value}`)).toBe(value);
        expect(escapeCell(`'${value}`)).toBe(`''${value}`);
        expect(unescapeCell(`''${value}`)).toBe(`'${value}`);
      }
    });
  });

  it.each([
    '',
    'JAZZ',
    'a=b',
    '1-2',
    'x@y.org',
    "'",
    "''",
    "'a",
    "'1",
    "a'=",
    '"=1"',
    ' ',
    '\n',
    ' x=1',
    "' x",
    'Ａ＝1',
  ])('%j is left as it is both ways', (value) => {
    expect(escapeCell(value)).toBe(value);
    expect(unescapeCell(value)).toBe(value);
  });

  it('removes exactly one apostrophe, and only before a trigger', () => {
    expect(unescapeCell("'=1")).toBe('=1');
    expect(unescapeCell("''=1")).toBe("'=1");
    expect(unescapeCell("'x")).toBe("'x");
    expect(unescapeCell("'")).toBe("'");
  });

  it('unescapeCell(escapeCell(x)) === x for every string', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, tricky), (x) => expect(unescapeCell(escapeCell(x))).toBe(x)),
      { numRuns: 5000 },
    );
  });

  it('an escaped cell never reads as a formula', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, tricky), (x) => {
        const e = escapeCell(x);
        expect(TRIGGERS).not.toContain(e.charAt(0));
        expect(isFormulaStart(e)).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it('escapes exactly the values that read as a formula (or start with apostrophes before one)', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, tricky), (x) => {
        const formula = isFormulaStart(x.replace(/^'+/, ''));
        expect(escapeCell(x) !== x).toBe(formula && x.replace(/^'+/, '').length > 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('escaping changes a value by at most one leading apostrophe', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, tricky), (x) => {
        const e = escapeCell(x);
        expect(e === x || e === `'${x}`).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('unescapeCell returns the same string instance when there is nothing to remove (no allocation)', () => {
    const value = 'JAZZ|ROCK';
    expect(Object.is(unescapeCell(value), value)).toBe(true);
  });
});
