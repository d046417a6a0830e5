import * as fc from 'fast-check';
import { byCode, didYouMean, levenshtein, numericValue } from './similar-codes';

describe('similar codes', () => {
  it.each([
    ['007', 7],
    [' 3.04 ', 3.04],
    ['+1', 1],
    ['-2.', -2],
    ['.5', 0.5],
    ['GOLD', undefined],
    ['1e3', undefined],
    ['', undefined],
    ['1.2.3', undefined],
  ])('reads %j as the number %j', (text, value) => {
    expect(numericValue(text)).toBe(value);
  });

  it('prefers a case-insensitive match, then the closest code within 2 edits', () => {
    expect(didYouMean('gold', ['GOLD', 'GOAL'])).toBe('GOLD');
    expect(didYouMean('GOLX', ['SILVER', 'GOLD'])).toBe('GOLD');
    expect(didYouMean('PLATINUM', ['GOLD'])).toBeUndefined();
  });

  it('levenshtein is symmetric and zero only for equal strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
        const d = levenshtein(a, b, 2);
        expect(levenshtein(b, a, 2)).toBe(d);
        expect(d === 0).toBe(a === b);
      }),
    );
  });

  it('orders codes byte by byte: upper case before lower case, digits before letters', () => {
    const codes = ['b', 'a', 'B', 'A_', 'A1', '9'];
    expect(
      codes
        .map((code) => [code, 0] as [string, number])
        .sort(byCode)
        .map(([code]) => code),
    ).toEqual(['9', 'A1', 'A_', 'B', 'a', 'b']);
  });
});
