import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Values reach SQL as bound parameters only. Every `${...}` inside an SQL template literal of apps/ and
 * libs/ must be a fragment reviewed for its file: placeholders, aliases, column or table names from a
 * fixed map, or SQL compiled by the targeting library (itself property-tested: no rule text in its SQL).
 * A new interpolation fails here until it is reviewed and added, or turned into a `?`; a reviewed
 * fragment no longer in its file fails too, so the list follows the code when SQL moves.
 */
const REVIEWED: Record<string, Record<string, string>> = {
  'libs/database/src/repositories/contacts.repository.ts': {
    TEMPLATE_SELECT: "COALESCE(column, '') AS code per row of the contact columns table (constants)",
    SQL_COLUMNS: 'the contacts columns of the contact columns table (constants)',
    "chunk.map(() => CONTACT_PLACEHOLDERS).join(', ')": '(?, ?, …) per contact',
    sets: '`column = ?` pairs, columns from the contact columns table',
    'condition.sql': 'compiled by @app/targeting: placeholders only',
    limit: 'an integer',
    into: 'a table name and column list written in the code',
    "chunk.map(() => placeholder).join(', ')": '(?, ?, ?) per row',
    select: 'INFO_SELECT or ALL_SELECT: columns of the contact columns table (constants)',
    CREATED_LOG_INSERT: 'a constant INSERT INTO … (columns) head',
    condition: 'the tests of a contact search, written in the code, joined by AND (values as ? placeholders)',
  },
  'libs/database/src/repositories/field-values.repository.ts': {
    "where('id')": '`id BETWEEN ? AND ?` or `id IN (?)`',
    "where('contact_id')": 'the same on contact_id',
    packed: 'a constant GROUP_CONCAT per value table',
    table: 'a value table (constant map)',
    field: "the value table's field column (constant map)",
    fieldColumn: "a field kind's value columns (constants of libs/fields)",
    valueColumn: "a field kind's value columns (constants of libs/fields)",
    fields: "'?, ?, ?' placeholders",
    'condition.sql': 'compiled by @app/targeting: placeholders only',
  },
  'libs/database/src/repositories/imports.repository.ts': {
    "lastLine === undefined ? '' : ', last_applied_line = ?'": 'a constant with a placeholder',
    "withTotal ? ', total = ?' : ''": 'a constant with a placeholder',
  },
  'libs/database/src/named-lock.ts': { LOCK: 'a constant SHA1(CONCAT(…)) with a ? placeholder' },
  'libs/targeting/src/compile-rule.ts': {
    name: 'a generated alias (ccv1, ca2)',
    test: "'= ?' or 'IN (?, ?)'",
  },
};

const ROOT = join(__dirname, '..', '..');
const SQL = /\b(SELECT|INSERT|UPDATE|DELETE|WHERE|VALUES)\b/;

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sources(path, out);
    else if (path.endsWith('.ts') && !path.endsWith('.spec.ts')) out.push(path);
  }
  return out;
}

describe('SQL binding', () => {
  it('interpolates nothing but reviewed fragments into SQL text', () => {
    const files = ['apps', 'libs'].flatMap((top) =>
      readdirSync(join(ROOT, top)).flatMap((name) => sources(join(ROOT, top, name, 'src'))),
    );
    expect(files.length).toBeGreaterThan(50);
    const unreviewed: string[] = [];
    const used = new Set<string>();
    let checked = 0;
    for (const file of files) {
      const name = relative(ROOT, file).split(sep).join('/');
      const reviewed = REVIEWED[name] ?? {};
      const text = readFileSync(file, 'utf8');
      for (const literal of text.matchAll(/`((?:[^`\\]|\\.)*)`/g)) {
        if (!SQL.test(literal[1])) continue;
        for (const expression of literal[1].matchAll(/\$\{((?:[^{}]|\{[^{}]*\})*)\}/g)) {
          checked++;
          const fragment = expression[1].trim();
          if (Object.prototype.hasOwnProperty.call(reviewed, fragment)) used.add(`${name}: ${fragment}`);
          else unreviewed.push(`${name}: \${${expression[1]}}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(unreviewed).toEqual([]);
    const stale = Object.entries(REVIEWED).flatMap(([name, fragments]) =>
      Object.keys(fragments)
        .map((fragment) => `${name}: ${fragment}`)
        .filter((entry) => !used.has(entry)),
    );
    expect(stale).toEqual([]);
  });
});
