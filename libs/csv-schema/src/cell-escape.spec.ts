import fc from 'fast-check';
import { escapeCell, unescapeCell } from './cell-escape';

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];
const anyString = fc.string({ unit: 'binary', maxLength: 20 });
// Strings built from the characters that matter here, so edge cases come up often.
const tricky = fc.stringMatching(/^['=+\-@\t\r a"]{0,6}$/);

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

  it.each(['', 'JAZZ', ' =1', 'a=b', '1-2', 'x@y.org', "'", "''", "'a", "'1", "a'=", '\n=1', ' -1', '"=1"', '＝1'])(
    '%j is left as it is both ways',
    (value) => {
      expect(escapeCell(value)).toBe(value);
      expect(unescapeCell(value)).toBe(value);
    },
  );

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

  it('an escaped cell never starts with a trigger character', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, tricky), (x) => expect(TRIGGERS).not.toContain(escapeCell(x).charAt(0))),
      { numRuns: 5000 },
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
