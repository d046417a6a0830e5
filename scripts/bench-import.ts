/**
 * `npm run bench:import`: times an import of a template-shaped file (contact_id, 3 info columns,
 * 10 `[old]`/`[new]` pairs = 24 columns) of BENCH_CONTACTS contacts (default 1,000,000) with 150,000
 * changed cells (3 in 20 rows), end to end from the POST to the final status, in both modes (validate,
 * apply), against the database's own route on the same data and file: LOAD DATA LOCAL INFILE into a
 * staging table, then DELETE/INSERT … JOIN for the changed cells. Runs the import app as a child
 * process (`node dist/apps/import/src/main.js`) and reads its peak RSS (VmHWM, reset before each run).
 * Uses its own database, `cmu_bench_import` (kept and reused; BENCH_REGENERATE=1 forces a fresh one);
 * the data set is restored after each run that writes.
 */
import { copyFileSync, createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { createConnection } from 'mysql2/promise';
import { hashApiKey, newApiKey } from '@app/common';
import { migrateDatabase } from '@app/database';
import {
  benchDatabaseUrl,
  benchStorage,
  insertGeneratedValues,
  log,
  seconds,
  sequenceSource,
  startImportApp,
  timeImport,
} from './bench-utils';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const CRITERIA = 10;
const MULTI_VALUED = new Set([3, 6, 9]);
const DATABASE = 'cmu_bench_import';
const DATASET = `contacts=${CONTACTS};criteria=${CRITERIA};v1`;
const CHUNK = 100_000;
/** Rows whose contact id is a multiple of this get 3 changed cells: 150,000 cells for 1,000,000 contacts. */
const CHANGED_EVERY = 20;

interface CriterionInfo {
  index: number;
  id: number;
  code: string;
  firstValue: number;
  values: number;
  multi: boolean;
}

async function main() {
  if (!Number.isInteger(CONTACTS) || CONTACTS < CHANGED_EVERY)
    throw new Error(`BENCH_CONTACTS must be an integer >= ${CHANGED_EVERY}`);
  const url = benchDatabaseUrl(DATABASE);
  const admin = await createConnection({ uri: url.replace(`/${DATABASE}`, '/') });
  if (process.env.BENCH_REGENERATE === '1') await admin.query(`DROP DATABASE IF EXISTS \`${DATABASE}\``);
  await admin.end();
  await migrateDatabase(url);
  const conn = await createConnection({
    uri: url,
    infileStreamFactory: (path: string) => createReadStream(path),
  } as any);
  const work = mkdtempSync(join(tmpdir(), 'cmu-bench-import-'));
  try {
    const { institutionId, criteria } = await ensureData(conn);
    const apiKey = newApiKey();
    await conn.query('DELETE FROM api_keys WHERE institution_id = ?', [institutionId]);
    await conn.query(`INSERT INTO api_keys (institution_id, name, key_hash) VALUES (?, 'bench', ?)`, [
      institutionId,
      hashApiKey(apiKey),
    ]);
    const file = join(work, 'template.csv');
    const changedCells = await writeTemplate(file, criteria);
    log(
      `file: ${(statSync(file).size / 1048576).toFixed(1)} MiB, ${CONTACTS.toLocaleString('en')} rows, ${changedCells.toLocaleString('en')} changed cells`,
    );
    if (process.env.BENCH_KEEP_FILE) {
      // For profiling the engine on its own: keep the file and stop here.
      copyFileSync(file, process.env.BENCH_KEEP_FILE);
      return;
    }

    if (process.env.BENCH_ONLY_DATABASE === '1') {
      const database = await timeDatabaseRoute(conn, file, criteria);
      await restore(conn);
      log(
        `database route: ${seconds(database.ms)} (LOAD DATA ${seconds(database.loadMs)} + DELETE/INSERT JOIN ${seconds(database.updateMs)}, ${database.changed} cells)`,
      );
      return;
    }
    const storage = await benchStorage(work);
    const app = await startImportApp(url, storage.env);
    try {
      const validate = await timeImport(app, apiKey, file, 'criteria', 'validate');
      const database = await timeDatabaseRoute(conn, file, criteria);
      await restore(conn);
      const apply = await timeImport(app, apiKey, file, 'criteria', 'apply');
      await restore(conn);

      const ok = (value: boolean) => (value ? 'met' : 'NOT met');
      const applyRatio = apply.ms / database.ms;
      const validateRatio = validate.ms / database.ms;
      const rss = Math.max(validate.peakRssKb, apply.peakRssKb) / 1024;
      console.log('');
      console.log(`file store (BENCH_STORAGE):    ${storage.driver}`);
      console.log(
        `contacts:                      ${CONTACTS.toLocaleString('en')} x ${CRITERIA} criteria; file ${(statSync(file).size / 1048576).toFixed(1)} MiB, 24 columns, ${changedCells.toLocaleString('en')} changed cells`,
      );
      console.log(
        `validate (app, POST -> final):  ${seconds(validate.ms)}  counts=${JSON.stringify(validate.counts)}  peak RSS ${(validate.peakRssKb / 1024).toFixed(0)} MB`,
      );
      console.log(
        `apply (app, POST -> final):     ${seconds(apply.ms)}  counts=${JSON.stringify(apply.counts)}  peak RSS ${(apply.peakRssKb / 1024).toFixed(0)} MB`,
      );
      console.log(
        `database route:                 ${seconds(database.ms)}  (LOAD DATA LOCAL INFILE ${seconds(database.loadMs)} + DELETE/INSERT JOIN ${seconds(database.updateMs)}, ${database.changed.toLocaleString('en')} cells)`,
      );
      console.log(
        `ratio validate / database:      ${validateRatio.toFixed(2)}  (target <= 1.0: ${ok(validateRatio <= 1.0)})`,
      );
      console.log(
        `ratio apply / database:         ${applyRatio.toFixed(2)}  (target <= 1.5: ${ok(applyRatio <= 1.5)})`,
      );
      console.log(`import app peak RSS (VmHWM):    ${rss.toFixed(0)} MB  (target <= 300 MB: ${ok(rss <= 300)})`);
    } finally {
      app.child.kill('SIGTERM');
      await storage.close();
    }
  } finally {
    await conn.end();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Generates the data set once (not measured) and a backup of the rows the benchmark changes; reuses it when present.
 */
async function ensureData(conn: Connection): Promise<{ institutionId: number; criteria: CriterionInfo[] }> {
  const [existing] = (await conn.query(`SELECT id FROM institutions WHERE code = 'BENCH' AND name = ?`, [
    DATASET,
  ])) as any[];
  if (existing.length && (await tableExists(conn, 'bench_backup'))) {
    const institutionId = Number(existing[0].id);
    log(`reusing the data set in ${DATABASE} (${DATASET}); BENCH_REGENERATE=1 makes a fresh one`);
    return { institutionId, criteria: await loadCriteria(conn, institutionId) };
  }
  log(`generating ${CONTACTS.toLocaleString('en')} contacts with ${CRITERIA} criteria in ${DATABASE} …`);
  const started = Date.now();
  await conn.query('DROP TABLE IF EXISTS bench_backup');
  for (const table of [
    'contact_criterion_values',
    'contact_authorizations',
    'contacts',
    'criterion_values',
    'criteria',
    'authorizations',
    'import_changes',
    'import_issues',
    'imports',
    'api_keys',
    'institutions',
  ]) {
    await conn.query(`DELETE FROM ${table}`);
  }
  const [institution] = (await conn.query(`INSERT INTO institutions (code, name) VALUES ('BENCH', ?)`, [
    DATASET,
  ])) as any[];
  const institutionId = Number(institution.insertId);
  for (let i = 1; i <= CRITERIA; i++) {
    const [criterion] = (await conn.query(
      'INSERT INTO criteria (institution_id, code, label, multi_valued) VALUES (?, ?, ?, ?)',
      [institutionId, `CRIT_${String(i).padStart(2, '0')}`, `Criterion ${i}`, MULTI_VALUED.has(i) ? 1 : 0],
    )) as any[];
    const rows = Array.from({ length: 4 + i }, (_, v) => [
      criterion.insertId,
      `V${String(v + 1).padStart(3, '0')}`,
      `Value ${v + 1}`,
    ]);
    await conn.query('INSERT INTO criterion_values (criterion_id, code, label) VALUES ?', [rows]);
  }
  const criteria = await loadCriteria(conn, institutionId);
  await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
  const sequence = await sequenceSource(conn, CHUNK);
  for (let from = 1; from <= CONTACTS; from += CHUNK) {
    const to = Math.min(CONTACTS, from + CHUNK - 1);
    await conn.query(
      `INSERT INTO contacts (id, institution_id, first_name, last_name, email)
       SELECT n, ?, ELT(1 + n % 4, 'Elodie', 'Jean', 'Zoe', 'Ana'), CONCAT('Name', n), CONCAT('contact', n, '@example.org') FROM (${sequence(from, to)}) s`,
      [institutionId],
    );
  }
  // The formulas of currentCodes().
  for (let from = 1; from <= CONTACTS; from += CHUNK) {
    const to = Math.min(CONTACTS, from + CHUNK - 1);
    await insertGeneratedValues(conn, criteria, from, to);
  }
  await conn.query(
    `CREATE TABLE bench_backup AS SELECT * FROM contact_criterion_values WHERE contact_id % ${CHANGED_EVERY} = 0`,
  );
  await conn.query('ANALYZE TABLE contacts, contact_criterion_values');
  log(`generated in ${seconds(Date.now() - started)}`);
  return { institutionId, criteria };
}

async function tableExists(conn: Connection, name: string): Promise<boolean> {
  const [rows] = (await conn.query(
    'SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?',
    [DATABASE, name],
  )) as any[];
  return rows.length > 0;
}

async function loadCriteria(conn: Connection, institutionId: number): Promise<CriterionInfo[]> {
  const [rows] = (await conn.query(
    `SELECT c.id, c.code, c.multi_valued, MIN(v.id) AS first_value, COUNT(v.id) AS n FROM criteria c JOIN criterion_values v ON v.criterion_id = c.id
      WHERE c.institution_id = ? GROUP BY c.id, c.code, c.multi_valued ORDER BY c.code`,
    [institutionId],
  )) as any[];
  return rows.map((row: any, index: number) => ({
    index,
    id: Number(row.id),
    code: row.code,
    firstValue: Number(row.first_value),
    values: Number(row.n),
    multi: !!Number(row.multi_valued),
  }));
}

/** Restores the rows the benchmark changed, and clears the imports' logs. */
async function restore(conn: Connection): Promise<void> {
  await conn.query(
    'DELETE v FROM contact_criterion_values v JOIN (SELECT DISTINCT contact_id FROM bench_backup) b ON b.contact_id = v.contact_id',
  );
  await conn.query('INSERT INTO contact_criterion_values SELECT * FROM bench_backup');
  await conn.query('DELETE FROM import_changes');
  await conn.query('DELETE FROM import_issues');
}

const code = (_c: CriterionInfo, index: number) => `V${String(index + 1).padStart(3, '0')}`;

/** A contact's current value of a criterion as written in files, by the generation formulas. */
function currentCodes(contactId: number, c: CriterionInfo): string {
  if ((contactId + c.id) % 10 === 0) return '';
  const first = (contactId * 7 + c.id) % c.values;
  if (!c.multi || contactId % 2 !== 0) return code(c, first);
  const second = (contactId * 7 + c.id + 1) % c.values;
  return [code(c, first), code(c, second)].sort().join('|');
}

/** Writes the template the export would give (BOM, CRLF), with 3 changed `[new]` cells in every 20th row. */
async function writeTemplate(path: string, criteria: CriterionInfo[]): Promise<number> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const header = [
    'contact_id',
    'last_name',
    'first_name',
    'email',
    ...criteria.flatMap((c) => [`[old] ${c.code}`, `[new] ${c.code}`]),
  ];
  let buffer = `\uFEFF${header.join(',')}\r\n`;
  let changed = 0;
  const names = ['Ana', 'Elodie', 'Jean', 'Zoe'];
  for (let id = 1; id <= CONTACTS; id++) {
    const cells: string[] = [String(id), `Name${id}`, names[id % 4], `contact${id}@example.org`];
    const edit = id % CHANGED_EVERY === 0 ? (id / CHANGED_EVERY) % CRITERIA : -1;
    for (const c of criteria) {
      const now = currentCodes(id, c);
      let next = now;
      if (edit >= 0 && (c.index - edit + CRITERIA) % CRITERIA < 3) {
        const first = (id * 7 + c.id) % c.values;
        next = code(c, (first + 1) % c.values);
        if (next === now) next = code(c, (first + 2) % c.values);
        changed++;
      }
      cells.push(now, next);
    }
    buffer += `${cells.join(',')}\r\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise((ok) => out.once('drain', () => ok(undefined)));
      buffer = '';
    }
  }
  out.end(buffer);
  await new Promise((ok, fail) => out.on('finish', () => ok(undefined)).on('error', fail));
  return changed;
}

/**
 * The database alone: LOAD DATA LOCAL INFILE into a staging table, then per criterion DELETE … JOIN and INSERT … JOIN
 * of the changed cells.
 */
async function timeDatabaseRoute(conn: Connection, file: string, criteria: CriterionInfo[]) {
  const columns = criteria.flatMap((c) => [`old_${c.index}`, `new_${c.index}`]);
  await conn.query('DROP TABLE IF EXISTS bench_staging');
  await conn.query(
    `CREATE TABLE bench_staging (contact_id INT UNSIGNED NOT NULL PRIMARY KEY, last_name VARCHAR(100), first_name VARCHAR(100), email VARCHAR(254),
     ${columns.map((name) => `${name} VARCHAR(255) NOT NULL`).join(', ')}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  );
  const started = Date.now();
  await conn.query({
    sql: `LOAD DATA LOCAL INFILE ? INTO TABLE bench_staging CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"'
          LINES TERMINATED BY '\\r\\n' IGNORE 1 LINES (contact_id, last_name, first_name, email, ${columns.join(', ')})`,
    values: [file],
    infileStreamFactory: () => createReadStream(file),
  } as any);
  const loadMs = Date.now() - started;
  // The changed cells, one scan of the staging table per criterion, then one DELETE … JOIN and one INSERT … JOIN.
  await conn.query('DROP TEMPORARY TABLE IF EXISTS bench_changes');
  await conn.query(
    'CREATE TEMPORARY TABLE bench_changes (contact_id INT UNSIGNED NOT NULL, criterion_id INT UNSIGNED NOT NULL, code VARCHAR(255) NOT NULL, PRIMARY KEY (contact_id, criterion_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
  );
  for (const c of criteria) {
    await conn.query(
      `INSERT INTO bench_changes SELECT contact_id, ?, new_${c.index} FROM bench_staging WHERE new_${c.index} <> old_${c.index}`,
      [c.id],
    );
  }
  await conn.query(
    'DELETE v FROM bench_changes c JOIN contact_criterion_values v ON v.contact_id = c.contact_id AND v.criterion_id = c.criterion_id',
  );
  const [inserted] = (await conn.query(
    `INSERT INTO contact_criterion_values (contact_id, criterion_id, value_id)
     SELECT c.contact_id, c.criterion_id, cv.id FROM bench_changes c JOIN criterion_values cv ON cv.criterion_id = c.criterion_id AND cv.code = c.code`,
  )) as any[];
  const changed = Number(inserted.affectedRows);
  const ms = Date.now() - started;
  await conn.query('DROP TABLE bench_staging');
  await conn.query('DROP TEMPORARY TABLE bench_changes');
  return { ms, loadMs, updateMs: ms - loadMs, changed };
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`[bench] failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
