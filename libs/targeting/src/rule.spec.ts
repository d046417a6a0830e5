import { DomainError } from '@app/common';
import { ruleCodes, RULE_LIMITS, validateRule } from './rule';

function problemOf(input: unknown): { code: string; message: string } {
  try {
    validateRule(input);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

describe('validateRule', () => {
  it.each([
    { all: [] },
    { any: [] },
    { not: { all: [] } },
    { criterion: 'MUSIC', in: ['JAZZ', '007'] },
    { criterion: 'CITY', empty: true },
    { authorization: 'SMS', is: true },
    { authorization: 'SMS', is: false },
    { authorization: 'SMS', is: null },
    { field: 'firstName', equals: '' },
    { field: 'lastName', contains: "x' OR 1=1 --" },
    { field: 'email', startsWith: '%_\\' },
    { all: [{ any: [{ not: { criterion: 'A.b-c_1', in: ['V'] } }] }] },
  ])('accepts %j and answers an equal copy', (rule) => {
    const copy = validateRule(rule);
    expect(copy).toEqual(rule);
    expect(copy).not.toBe(rule);
  });

  it.each<[unknown, string]>([
    [null, 'rule must be an object'],
    [[], 'rule must be an object'],
    ['all', 'rule must be an object'],
    [{}, 'rule must have one of the keys all, any, not, criterion, authorization, field'],
    [{ foo: 1 }, 'rule: key "foo" is not one of: all, any, not, criterion, authorization, field'],
    [{ foo: 1, bar: 2 }, 'rule: keys "foo", "bar" are not one of: all, any, not, criterion, authorization, field'],
    [{ all: [], any: [] }, 'rule mixes all and any'],
    [{ all: {} }, 'rule.all must be an array of rules'],
    [{ all: [{ all: [] }, 3] }, 'rule.all[1] must be an object'],
    [{ not: null }, 'rule.not must be an object'],
    [{ all: [], extra: 1 }, 'rule.extra: key "extra" is not one of: all (the keys of a "all" rule)'],
    [
      { field: 'email', matches: 'x' },
      'rule.matches: key "matches" is not one of: field, equals, contains, startsWith (the keys of a "field" rule)',
    ],
    [{ criterion: 'has space', in: ['A'] }, 'rule.criterion must be a criterion code'],
    [{ criterion: 'C' }, 'rule must have "in": [valueCode, …] or "empty": true'],
    [{ criterion: 'C', in: ['A'], empty: true }, 'rule must have either "in" or "empty", not both'],
    [{ criterion: 'C', in: [] }, 'rule.in must be a non-empty array of value codes'],
    [{ criterion: 'C', in: 'A' }, 'rule.in must be a non-empty array of value codes'],
    [{ criterion: 'C', in: ['A', 7] }, 'rule.in[1] must be a value code'],
    [{ criterion: 'C', empty: false }, 'rule.empty must be true'],
    [{ authorization: 'SMS' }, 'rule.is must be true, false or null'],
    [{ authorization: 'SMS', is: 'TRUE' }, 'rule.is must be true, false or null'],
    [{ authorization: '', is: true }, 'rule.authorization must be an authorization code'],
    [{ field: 'phone', equals: '1' }, 'rule.field: field "phone" is not one of: firstName, lastName, email'],
    [{ field: 'password', equals: 'x' }, 'rule.field: field "password" is not one of: firstName, lastName, email'],
    [{ field: 7, equals: 'x' }, 'rule.field: field "7" is not one of: firstName, lastName, email'],
    [{ field: 'x'.repeat(100), equals: 'x' }, `rule.field: field "${'x'.repeat(60)}…" is not one of:`],
    [{ field: 'email' }, 'rule must have exactly one of equals, contains, startsWith'],
    [{ field: 'email', equals: 'a', startsWith: 'b' }, 'rule must have exactly one of equals, contains, startsWith'],
    [{ field: 'email', equals: 1 }, 'rule.equals must be a string'],
    [{ field: 'email', contains: '' }, 'rule.contains must not be empty'],
    [{ field: 'email', equals: 'x'.repeat(255) }, 'rule.equals must be at most 254 characters'],
    [{ any: [{ all: [{ criterion: 'C', in: [] }] }] }, 'rule.any[0].all[0].in must be a non-empty array'],
  ])('refuses %j: "%s"', (input, message) => {
    const problem = problemOf(input);
    expect(problem.code).toBe('INVALID_RULE');
    expect(problem.message).toContain(message);
  });

  it('names the wrong value and lists the allowed ones in details', () => {
    try {
      validateRule({ any: [{ field: 'password', equals: 'x' }] });
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details).toEqual({
        path: 'rule.any[0].field',
        problem: 'field "password" is not one of: firstName, lastName, email',
        allowed: ['firstName', 'lastName', 'email'],
      });
    }
  });

  it('refuses rules nested too deeply or too large', () => {
    let deep: unknown = { all: [] };
    for (let i = 0; i < RULE_LIMITS.maxDepth + 1; i++) deep = { not: deep };
    expect(problemOf(deep).message).toContain('nested too deeply');
    const wide = { any: Array.from({ length: RULE_LIMITS.maxNodes }, () => ({ all: [] })) };
    expect(problemOf(wide).message).toContain('too large');
    expect(
      problemOf({ criterion: 'C', in: Array.from({ length: RULE_LIMITS.maxValues + 1 }, (_, i) => `V${i}`) }).message,
    ).toContain(`more than ${RULE_LIMITS.maxValues}`);
  });
});

describe('ruleCodes', () => {
  it('collects the criteria with their value codes and the authorizations', () => {
    const codes = ruleCodes({
      all: [
        { criterion: 'MUSIC', in: ['JAZZ', 'ROCK'] },
        { not: { criterion: 'MUSIC', in: ['POP'] } },
        { criterion: 'CITY', empty: true },
        {
          any: [
            { authorization: 'SMS', is: null },
            { field: 'email', contains: 'x' },
          ],
        },
      ],
    });
    expect(codes.criteria).toEqual(
      new Map([
        ['MUSIC', new Set(['JAZZ', 'ROCK', 'POP'])],
        ['CITY', new Set()],
      ]),
    );
    expect(codes.authorizations).toEqual(new Set(['SMS']));
  });
});
