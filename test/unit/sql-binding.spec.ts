import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Values reach SQL as bound parameters only. Every `${...}` inside an SQL template literal of apps/ and
 * libs/ must be one of these reviewed fragments: placeholders, aliases, column or table names from a
 * fixed map, or SQL compiled by the targeting library (itself property-tested: no rule text in its SQL).
 * A new interpolation fails here until it is reviewed and added, or turned into a `?`.
 */
const REVIEWED = new Set([
  'CONTACT_SQL_COLUMN[change.fieldCode]', // column of a known contact field (fixed map)
  'packed', // field-values.repository: a constant GROUP_CONCAT per value table
  'field', // field-values.repository: the value table's field column (constant map)
  "values.map(() => '(@c, ?, ?)').join(', ')",
  "bools.map(() => '(@c, ?, ?)').join(', ')",
  'sets', // `${SQL_COLUMN[code]} = ?` pairs from a fixed map
  "where('id')", // `id BETWEEN ? AND ?` or `id IN (?)`
  "where('contact_id')",
  "lastLine === undefined ? '' : ', last_applied_line = ?'",
  "withTotal ? ', total = ?' : ''",
  'PAGE', // a numeric constant
  'LOCK_NAME', // a constant expression with a ? placeholder
  "chunk.map(() => '(?, ?, ?, ?)').join(', ')",
  "chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')",
  'CONTACT_INSERT', // contact-rows.ts: a constant INSERT INTO … (columns) head
  'CREATED_LOG_INSERT', // contact-rows.ts: a constant INSERT INTO … (columns) head
  'plan.contactSelect', // template-builder: one of two constant column lists
  'into', // a table name and column list written in the code
  "chunk.map(() => placeholder).join(', ')",
  'condition.sql', // compiled by @app/targeting: placeholders only
  'condition',
  'PREVIEW_SAMPLE_SIZE',
  'fieldColumn', // column/table names from the export plan (constants)
  'valueColumn',
  'table',
  'fields', // '?, ?, ?' placeholders
  'name', // a generated alias (ccv1, ca2)
  'test', // '= ?' or 'IN (?, ?)'
  'lock', // lost-jobs.ts: a constant CONCAT with a ? placeholder
  'sweep.table', // lost-jobs.ts: imports or template_exports (a literal type)
  'database', // migrate.ts: the database name from the validated DATABASE_URL ([A-Za-z0-9_]+)
]);

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
    let checked = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const literal of text.matchAll(/`((?:[^`\\]|\\.)*)`/g)) {
        if (!SQL.test(literal[1])) continue;
        for (const expression of literal[1].matchAll(/\$\{((?:[^{}]|\{[^{}]*\})*)\}/g)) {
          checked++;
          if (!REVIEWED.has(expression[1].trim())) unreviewed.push(`${relative(ROOT, file)}: \${${expression[1]}}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(unreviewed).toEqual([]);
  });
});
