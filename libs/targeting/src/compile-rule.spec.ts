import fc from 'fast-check';
import { DomainError } from '@app/common';
import type { RuleContext } from './compile-rule';
import { compileRule, escapeLike } from './compile-rule';
import type { Rule } from './rule';
import { validateRule } from './rule';

const context: RuleContext = {
  criteria: new Map([
    [
      'MUSIC',
      {
        id: 10,
        values: new Map([
          ['JAZZ', 101],
          ['ROCK', 102],
          ['007', 103],
        ]),
      },
    ],
    ['CITY', { id: 20, values: new Map([['LILLE', 201]]) }],
  ]),
  authorizations: new Map([
    ['NEWSLETTER', 30],
    ['SMS', 31],
  ]),
};

const ccv = (alias: string, test: string) =>
  `EXISTS (SELECT 1 FROM contact_criterion_values ${alias} WHERE ${alias}.contact_id = c.id AND ${alias}.value_id ${test})`;
const LIKE = "LIKE ? ESCAPE '\\\\'";

describe('compileRule', () => {
  it.each<[string, Rule, string, unknown[]]>([
    ['all [] is every contact', { all: [] }, '1 = 1', []],
    ['any [] is no contact', { any: [] }, '1 = 0', []],
    ['one value', { criterion: 'MUSIC', in: ['JAZZ'] }, ccv('ccv1', '= ?'), [101]],
    [
      'several values, duplicates once',
      { criterion: 'MUSIC', in: ['JAZZ', '007', 'JAZZ'] },
      ccv('ccv1', 'IN (?, ?)'),
      [101, 103],
    ],
    [
      'empty criterion',
      { criterion: 'CITY', empty: true },
      'NOT EXISTS (SELECT 1 FROM contact_criterion_values ccv1 WHERE ccv1.contact_id = c.id AND ccv1.criterion_id = ?)',
      [20],
    ],
    [
      'authorization true',
      { authorization: 'SMS', is: true },
      'EXISTS (SELECT 1 FROM contact_authorizations ca1 WHERE ca1.contact_id = c.id AND ca1.authorization_id = ? AND ca1.value = ?)',
      [31, 1],
    ],
    [
      'authorization false',
      { authorization: 'NEWSLETTER', is: false },
      'EXISTS (SELECT 1 FROM contact_authorizations ca1 WHERE ca1.contact_id = c.id AND ca1.authorization_id = ? AND ca1.value = ?)',
      [30, 0],
    ],
    [
      'authorization never answered',
      { authorization: 'SMS', is: null },
      'NOT EXISTS (SELECT 1 FROM contact_authorizations ca1 WHERE ca1.contact_id = c.id AND ca1.authorization_id = ?)',
      [31],
    ],
    ['field equals', { field: 'firstName', equals: "x' OR 1=1 --" }, 'c.first_name = ?', ["x' OR 1=1 --"]],
    [
      'field contains, wildcards escaped',
      { field: 'lastName', contains: '100%_\\' },
      `c.last_name ${LIKE}`,
      ['%100\\%\\_\\\\%'],
    ],
    ['field starts with', { field: 'email', startsWith: 'a_b' }, `c.email ${LIKE}`, ['a\\_b%']],
    ['not', { not: { all: [] } }, 'NOT (1 = 1)', []],
    [
      'a single child needs no parentheses',
      { all: [{ any: [{ criterion: 'CITY', in: ['LILLE'] }] }] },
      ccv('ccv1', '= ?'),
      [201],
    ],
    [
      'nested combination with fresh aliases',
      {
        all: [
          { criterion: 'MUSIC', in: ['ROCK'] },
          { any: [{ criterion: 'CITY', in: ['LILLE'] }, { not: { field: 'email', equals: 'e' } }] },
        ],
      },
      `(${ccv('ccv1', '= ?')} AND (${ccv('ccv2', '= ?')} OR NOT (c.email = ?)))`,
      [102, 201, 'e'],
    ],
  ])('%s', (_, rule, sql, params) => {
    expect(compileRule(rule, context)).toEqual({ sql, params });
  });

  it.each<[Rule, string]>([
    [{ criterion: 'MOOD', in: ['HAPPY'] }, 'rule.criterion: unknown criterion code MOOD'],
    [{ all: [{ criterion: 'MOOD', empty: true }] }, 'rule.all[0].criterion: unknown criterion code MOOD'],
    [
      { any: [{ all: [] }, { criterion: 'MUSIC', in: ['JAZZ', 'BLUES'] }] },
      'rule.any[1].in[1]: BLUES is not a value of criterion MUSIC',
    ],
    [{ not: { authorization: 'FAX', is: null } }, 'rule.not.authorization: unknown authorization code FAX'],
    // A value code of another criterion is not a value of this one.
    [{ criterion: 'CITY', in: ['JAZZ'] }, 'rule.in[0]: JAZZ is not a value of criterion CITY'],
  ])('refuses unknown codes in %j', (rule, message) => {
    expect(() => compileRule(rule, context)).toThrow(DomainError);
    try {
      compileRule(rule, context);
    } catch (error) {
      expect((error as DomainError).code).toBe('UNKNOWN_CODE');
      expect((error as DomainError).status).toBe(400);
      expect((error as DomainError).message).toContain(message);
    }
  });
});

describe('escapeLike', () => {
  it.each([
    ['plain', 'plain'],
    ['50%', '50\\%'],
    ['a_b', 'a\\_b'],
    ['back\\slash', 'back\\\\slash'],
    ['\\%_', '\\\\\\%\\_'],
  ])('escapes %j as %j', (text, escaped) => {
    expect(escapeLike(text)).toBe(escaped);
  });

  it('is undone by reading the pattern with \\ as the escape character', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(escapeLike(text).replace(/\\(.)/gs, '$1')).toBe(text);
      }),
    );
  });
});

/** Random rule trees over the context's codes, with user text that carries a marker. */
const MARK = '\u00a7';
const text = fc.string({ maxLength: 20 }).map((s) => `${MARK}${s}`);
const ruleTree: fc.Arbitrary<Rule> = fc.letrec<{ rule: Rule }>((tie) => ({
  rule: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      criterion: fc.constant('MUSIC'),
      in: fc.array(fc.constantFrom('JAZZ', 'ROCK', '007'), { minLength: 1, maxLength: 4 }),
    }),
    fc.record({ criterion: fc.constantFrom('MUSIC', 'CITY'), empty: fc.constant(true as const) }),
    fc.record({ authorization: fc.constantFrom('NEWSLETTER', 'SMS'), is: fc.constantFrom(true, false, null) }),
    fc.record({ field: fc.constantFrom('firstName' as const, 'lastName' as const, 'email' as const), equals: text }),
    fc.record({ field: fc.constantFrom('firstName' as const, 'lastName' as const, 'email' as const), contains: text }),
    fc.record({
      field: fc.constantFrom('firstName' as const, 'lastName' as const, 'email' as const),
      startsWith: text,
    }),
    fc.record({ all: fc.array(tie('rule'), { maxLength: 4 }) }),
    fc.record({ any: fc.array(tie('rule'), { maxLength: 4 }) }),
    fc.record({ not: tie('rule') }),
  ) as fc.Arbitrary<Rule>,
})).rule;

describe('compileRule properties', () => {
  it('binds every value: as many ? as params, and no rule text in the SQL', () => {
    fc.assert(
      fc.property(ruleTree, (rule) => {
        const { sql, params } = compileRule(validateRule(rule), context);
        expect(sql.split('?').length - 1).toBe(params.length);
        expect(sql).not.toContain(MARK);
        // The only literal in the SQL is the LIKE escape character.
        expect(sql.replace(/ESCAPE '\\\\'/g, '')).not.toMatch(/['"`;]|--/);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps parentheses balanced', () => {
    fc.assert(
      fc.property(ruleTree, (rule) => {
        const { sql } = compileRule(rule, context);
        let depth = 0;
        let lowest = 0;
        for (const char of sql) {
          depth += char === '(' ? 1 : char === ')' ? -1 : 0;
          lowest = Math.min(lowest, depth);
        }
        expect({ depth, lowest }).toEqual({ depth: 0, lowest: 0 });
      }),
      { numRuns: 200 },
    );
  });

  it('negation is exactly one NOT around the compiled rule', () => {
    fc.assert(
      fc.property(ruleTree, (rule) => {
        const inner = compileRule(rule, context);
        expect(compileRule({ not: rule }, context)).toEqual({ sql: `NOT (${inner.sql})`, params: inner.params });
      }),
      { numRuns: 100 },
    );
  });
});
