import fc from 'fast-check';
import { CONTACT_COLUMNS } from '@app/common';
import type { HeaderIssue } from './template-header';
import { CONTACT_FIELDS, INFO_COLUMNS, columnLetter, parseHeader, templateHeader } from './template-header';

const KNOWN = new Set(['MUSIC', 'NEWSLETTER', 'SMS', 'A', ...CONTACT_FIELDS]);
const known = (code: string): boolean => KNOWN.has(code);
const codes = (issues: HeaderIssue[]) => issues.map((i) => [i.code, i.index]);

describe('templateHeader', () => {
  it.each(['criteria', 'authorizations'] as const)(
    '%s: contact_id, info columns, then [old]/[new] pairs in the given order',
    (type) => {
      expect(templateHeader(type, ['MUSIC', 'A'])).toEqual([
        'contact_id',
        'last_name',
        'first_name',
        'email',
        '[old] MUSIC',
        '[new] MUSIC',
        '[old] A',
        '[new] A',
      ]);
      expect(templateHeader(type, [])).toEqual(['contact_id', ...INFO_COLUMNS]);
    },
  );

  it('contacts: contact_id then the pairs of the contact fields, no info columns', () => {
    expect(templateHeader('contacts', CONTACT_FIELDS)).toEqual([
      'contact_id',
      '[old] first_name',
      '[new] first_name',
      '[old] last_name',
      '[new] last_name',
      '[old] email',
      '[new] email',
      '[old] birth_date',
      '[new] birth_date',
      '[old] language',
      '[new] language',
      '[old] phone',
      '[new] phone',
    ]);
  });

  it('exports the documented constants', () => {
    expect(INFO_COLUMNS).toEqual(['last_name', 'first_name', 'email']);
    // The contact columns table (libs/common) pins their spelling and order; the template takes them from it.
    expect(CONTACT_FIELDS).toEqual(CONTACT_COLUMNS.map((column) => column.code));
  });
});

describe('parseHeader', () => {
  it('reads a template header back', () => {
    const parsed = parseHeader(templateHeader('criteria', ['MUSIC', 'SMS']), known);
    expect(parsed.issues).toEqual([]);
    expect(parsed.fields).toEqual([
      { code: 'MUSIC', oldIndex: 4, newIndex: 5 },
      { code: 'SMS', oldIndex: 6, newIndex: 7 },
    ]);
    expect(parsed.columns).toEqual([
      { index: 0, name: 'contact_id', role: 'contact_id' },
      { index: 1, name: 'last_name', role: 'info' },
      { index: 2, name: 'first_name', role: 'info' },
      { index: 3, name: 'email', role: 'info' },
      { index: 4, name: '[old] MUSIC', role: 'old', code: 'MUSIC' },
      { index: 5, name: '[new] MUSIC', role: 'new', code: 'MUSIC' },
      { index: 6, name: '[old] SMS', role: 'old', code: 'SMS' },
      { index: 7, name: '[new] SMS', role: 'new', code: 'SMS' },
    ]);
  });

  it.each([
    ['[old] MUSIC', 'old'],
    ['[OLD] MUSIC', 'old'],
    ['[Old]MUSIC', 'old'],
    ['[oLd]   MUSIC', 'old'],
    [' [old] MUSIC ', 'old'],
    ['[ old ] MUSIC', 'old'],
    ['[new] MUSIC', 'new'],
    ['[NEW]MUSIC', 'new'],
    ['[New]\tMUSIC', 'new'],
    ['MUSIC', 'new'],
    ['  MUSIC  ', 'new'],
  ])('%j is a %s column of MUSIC', (cell, role) => {
    const parsed = parseHeader(['contact_id', cell, ...(role === 'old' ? ['MUSIC'] : [])], known);
    expect(parsed.issues).toEqual([]);
    expect(parsed.columns[1]).toEqual({ index: 1, name: cell.trim(), role, code: 'MUSIC' });
  });

  it('contact_id and info columns are recognised in any case and in any position', () => {
    const parsed = parseHeader(['Email', 'MUSIC', 'CONTACT_ID', 'Last_Name'], known);
    expect(parsed.issues).toEqual([]);
    expect(parsed.columns.map((c) => c.role)).toEqual(['info', 'new', 'contact_id', 'info']);
    expect(parsed.fields).toEqual([{ code: 'MUSIC', newIndex: 1 }]);
  });

  it('infoColumns: [] makes the contact fields codes (data type contacts)', () => {
    const parsed = parseHeader(templateHeader('contacts', CONTACT_FIELDS), known, { infoColumns: [] });
    expect(parsed.issues).toEqual([]);
    expect(parsed.fields.map((f) => f.code)).toEqual(CONTACT_FIELDS);
    expect(parseHeader(['contact_id', 'email'], known, { infoColumns: [] }).fields).toEqual([
      { code: 'email', newIndex: 1 },
    ]);
  });

  it('codes are case-sensitive: isKnownCode decides', () => {
    const parsed = parseHeader(['contact_id', 'music'], known);
    expect(codes(parsed.issues)).toEqual([['UNKNOWN_CODE', 1]]);
    expect(parsed.fields).toEqual([]);
  });

  it('MISSING_CONTACT_ID', () => {
    const parsed = parseHeader(['MUSIC', 'email'], known);
    expect(parsed.issues).toEqual([
      expect.objectContaining({
        code: 'MISSING_CONTACT_ID',
        column: 'contact_id',
        index: -1,
        message: expect.stringContaining('contact_id'),
      }),
    ]);
  });

  it('DUPLICATE_COLUMN: same column twice, [new] X and bare X, contact_id twice, an info column twice', () => {
    const parsed = parseHeader(
      ['contact_id', '[new] MUSIC', 'MUSIC', '[old] A', '[OLD]A', 'A', 'contact_id', 'email', 'EMAIL'],
      known,
    );
    expect(codes(parsed.issues)).toEqual([
      ['DUPLICATE_COLUMN', 2],
      ['DUPLICATE_COLUMN', 4],
      ['DUPLICATE_COLUMN', 6],
      ['DUPLICATE_COLUMN', 8],
    ]);
    expect(parsed.issues[0].message).toMatch(/Column C "MUSIC" repeats column B "\[new\] MUSIC"/);
    // the first of the duplicates is the one used
    expect(parsed.fields).toEqual([
      { code: 'MUSIC', newIndex: 1 },
      { code: 'A', oldIndex: 3, newIndex: 5 },
    ]);
  });

  it('UNKNOWN_CODE, with or without prefix, and a prefix with no code', () => {
    const parsed = parseHeader(['contact_id', 'NOPE', '[old] NOPE', '[new] GONE', '[new]', 'MUSIC'], known);
    expect(codes(parsed.issues)).toEqual([
      ['UNKNOWN_CODE', 1],
      ['UNKNOWN_CODE', 2],
      ['UNKNOWN_CODE', 3],
      ['UNKNOWN_CODE', 4],
    ]);
    expect(parsed.issues[0]).toMatchObject({
      column: 'NOPE',
      message: expect.stringContaining('"NOPE" is not a known code'),
    });
    expect(parsed.issues[3].message).toContain('names no code');
    expect(parsed.fields).toEqual([{ code: 'MUSIC', newIndex: 5 }]);
    expect(parsed.columns.map((c) => c.index)).toEqual([0, 5]);
  });

  it('OLD_WITHOUT_NEW', () => {
    const parsed = parseHeader(['contact_id', '[old] MUSIC', '[old] SMS', '[new] SMS'], known);
    expect(parsed.issues).toEqual([
      expect.objectContaining({
        code: 'OLD_WITHOUT_NEW',
        column: '[old] MUSIC',
        index: 1,
        message: expect.stringContaining('[new] MUSIC'),
      }),
    ]);
    expect(parsed.fields).toEqual([{ code: 'SMS', oldIndex: 2, newIndex: 3 }]);
  });

  it('[new] without [old] is fine (no stale check for that field)', () => {
    expect(parseHeader(['contact_id', '[new] SMS'], known)).toMatchObject({
      issues: [],
      fields: [{ code: 'SMS', newIndex: 1 }],
    });
  });

  it('EMPTY_HEADER for blank header cells, with the column letter', () => {
    const parsed = parseHeader(['contact_id', '', 'MUSIC', '  '], known);
    expect(codes(parsed.issues)).toEqual([
      ['EMPTY_HEADER', 1],
      ['EMPTY_HEADER', 3],
    ]);
    expect(parsed.issues[1].message).toContain('Column D');
  });

  it('reports every issue at once, ordered by column', () => {
    const parsed = parseHeader(['', '[old] MUSIC', 'NOPE', 'SMS', 'SMS'], known);
    expect(codes(parsed.issues)).toEqual([
      ['MISSING_CONTACT_ID', -1],
      ['EMPTY_HEADER', 0],
      ['OLD_WITHOUT_NEW', 1],
      ['UNKNOWN_CODE', 2],
      ['DUPLICATE_COLUMN', 4],
    ]);
    for (const issue of parsed.issues) expect(issue.message.length).toBeGreaterThan(20);
  });

  it('property: a template header, with prefixes in any case and spacing, reads back to its fields', () => {
    const code = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,6}$/);
    const prefix = (word: string) =>
      fc
        .tuple(
          fc.constantFrom(word, word.toUpperCase(), word[0].toUpperCase() + word.slice(1)),
          fc.constantFrom('', ' ', '  '),
        )
        .map(([w, s]) => `[${w}]${s}`);
    fc.assert(
      fc.property(
        fc.constantFrom('criteria' as const, 'authorizations' as const),
        fc.uniqueArray(code, { maxLength: 8 }),
        fc.array(fc.tuple(prefix('old'), prefix('new')), { minLength: 8, maxLength: 8 }),
        (type, fieldCodes, prefixes) => {
          const header = templateHeader(type, fieldCodes).map((cell, i) =>
            cell.replace(/^\[(old|new)\] /, (_m, w: string) => {
              const [o, n] = prefixes[i % 8];
              return w === 'old' ? o : n;
            }),
          );
          const set = new Set(fieldCodes);
          const parsed = parseHeader(header, (c) => set.has(c));
          expect(parsed.issues).toEqual([]);
          expect(parsed.fields).toEqual(
            fieldCodes.map((c, i) => ({ code: c, oldIndex: 4 + 2 * i, newIndex: 5 + 2 * i })),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('columnLetter', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [51, 'AZ'],
    [52, 'BA'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('%i -> %s', (i, letter) => expect(columnLetter(i)).toBe(letter));
});
