/**
 * `npm run bench:export`: times a template export of BENCH_CONTACTS contacts (default 1,000,000) with
 * 10 criteria, end to end from the POST to the completed zip, against the database's own route on the
 * same data (a GROUP BY pivot written with SELECT … INTO OUTFILE, then `zip`), and measures the
 * worker's peak RSS. Uses its own database, `cmu_bench_export` (kept between runs and reused when it
 * already holds the same data set; BENCH_REGENERATE=1 forces a fresh one).
 */
import type { ChildProcess } from 'node:child_process';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync, unlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mysql2/promise';
import { createConnection } from 'mysql2/promise';
import { hashApiKey, newApiKey } from '@app/common';
import { migrateDatabase } from '@app/database';
import type { BenchStorage } from './bench-utils';
import {
  benchDatabaseUrl,
  benchStorage,
  freePort,
  insertGeneratedValues,
  log,
  seconds,
  sequenceSource,
  until,
  vmKb,
} from './bench-utils';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const CRITERIA = 10;
const MULTI_VALUED = new Set([3, 6, 9]);
const DATABASE = 'cmu_bench_export';
const DATASET = `contacts=${CONTACTS};criteria=${CRITERIA};v1`;
const CHUNK = 100_000;
// The worker runs as `npm start` and docker-compose run it: a capped heap keeps V8 from growing it
// with garbage (the live set of an export is a few tens of MB, whatever the target size).
const WORKER_NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '--max-old-space-size=192').split(' ').filter(Boolean);

async function main() {
  if (!Number.isInteger(CONTACTS) || CONTACTS < 1) throw new Error('BENCH_CONTACTS must be a positive integer');
  const url = benchDatabaseUrl(DATABASE);
  const db = await createConnection({
    uri: url.replace(`/${DATABASE}`, '/'),
    multipleStatements: false,
    infileStreamFactory: undefined,
  });
  if (process.env.BENCH_REGENERATE === '1') await db.query(`DROP DATABASE IF EXISTS \`${DATABASE}\``);
  await db.end();
  await migrateDatabase(url);
  const conn = await createConnection({ uri: url });
  try {
    const { institutionId, targetId } = await ensureData(conn);
    const apiKey = newApiKey();
    await conn.query('DELETE FROM api_keys WHERE institution_id = ?', [institutionId]);
    await conn.query(`INSERT INTO api_keys (institution_id, name, key_hash) VALUES (?, 'bench', ?)`, [
      institutionId,
      hashApiKey(apiKey),
    ]);

    const loadBefore = loadavg()
      .map((n) => n.toFixed(2))
      .join(' ');
    const storage = await benchStorage(mkdtempSync(join(tmpdir(), 'cmu-bench-files-')));
    const app = await timeAppExport(url, apiKey, targetId, storage).finally(() => storage.close());
    if (process.env.BENCH_APP_ONLY === '1') {
      console.log(
        `template export (app, e2e): ${seconds(app.ms)}  rows=${app.rowCount}  peak RSS ${(app.peakRssKb / 1024).toFixed(0)} MB`,
      );
      return;
    }
    const database = await timeDatabaseRoute(conn, institutionId);

    const ratio = app.ms / database.ms;
    const rssMb = app.peakRssKb / 1024;
    console.log('');
    console.log(`file store (BENCH_STORAGE):     ${storage.driver}`);
    console.log(
      `contacts:                       ${CONTACTS.toLocaleString('en')} (${CRITERIA} criteria, ${database.valueRows.toLocaleString('en')} values)`,
    );
    console.log(
      `template export (app, e2e):     ${seconds(app.ms)}  rows=${app.rowCount}  zip=${(app.fileSize / 1048576).toFixed(1)} MiB`,
    );
    console.log(
      `database route (${database.how}): ${seconds(database.ms)}  (query ${seconds(database.queryMs)} + zip ${seconds(database.zipMs)})  zip=${(database.zipSize / 1048576).toFixed(1)} MiB`,
    );
    console.log(
      `ratio app / database:           ${ratio.toFixed(2)}  (target <= 0.5: ${ratio <= 0.5 ? 'met' : 'NOT met'})`,
    );
    console.log(
      `worker peak RSS (VmHWM):        ${rssMb.toFixed(0)} MB  (target <= 256 MB: ${rssMb <= 256 ? 'met' : 'NOT met'}; node ${WORKER_NODE_ARGS.join(' ')})`,
    );
    console.log(
      `worker CPU time (incl. start):  ${app.cpuSeconds.toFixed(1)} s;  machine load average before the run: ${loadBefore}`,
    );
  } finally {
    await conn.end();
  }
}

/** Generates the data set once (generation time is not measured); reuses it when it is already there. */
async function ensureData(conn: Connection): Promise<{ institutionId: number; targetId: number }> {
  const [existing] = (await conn.query(`SELECT id FROM institutions WHERE code = 'BENCH' AND name = ?`, [
    DATASET,
  ])) as any[];
  if (existing.length) {
    const institutionId = Number(existing[0].id);
    const [targets] = (await conn.query('SELECT id FROM targets WHERE institution_id = ? ORDER BY id LIMIT 1', [
      institutionId,
    ])) as any[];
    log(`reusing the data set in ${DATABASE} (${DATASET}); BENCH_REGENERATE=1 makes a fresh one`);
    return { institutionId, targetId: Number(targets[0].id) };
  }
  log(`generating ${CONTACTS.toLocaleString('en')} contacts with ${CRITERIA} criteria in ${DATABASE} …`);
  const started = Date.now();
  for (const table of [
    'contact_criterion_values',
    'contact_authorizations',
    'contacts',
    'criterion_values',
    'criteria',
    'authorizations',
    'targets',
    'template_exports',
    'api_keys',
    'institutions',
  ]) {
    await conn.query(`DELETE FROM ${table}`);
  }
  const [institution] = (await conn.query(`INSERT INTO institutions (code, name) VALUES ('BENCH', ?)`, [
    DATASET,
  ])) as any[];
  const institutionId = Number(institution.insertId);

  const criteria: { id: number; firstValue: number; values: number }[] = [];
  for (let i = 1; i <= CRITERIA; i++) {
    const code = `CRIT_${String(i).padStart(2, '0')}`;
    const [criterion] = (await conn.query(
      'INSERT INTO criteria (institution_id, code, label, multi_valued) VALUES (?, ?, ?, ?)',
      [institutionId, code, `Criterion ${i}`, MULTI_VALUED.has(i) ? 1 : 0],
    )) as any[];
    const count = 4 + i;
    const rows = Array.from({ length: count }, (_, v) => [
      criterion.insertId,
      `V${String(v + 1).padStart(3, '0')}`,
      `Value ${v + 1}`,
    ]);
    const [values] = (await conn.query('INSERT INTO criterion_values (criterion_id, code, label) VALUES ?', [
      rows,
    ])) as any[];
    criteria.push({ id: Number(criterion.insertId), firstValue: Number(values.insertId), values: count });
  }
  const [target] = (await conn.query(
    `INSERT INTO targets (institution_id, name, rule) VALUES (?, 'Every contact', '{"all": []}')`,
    [institutionId],
  )) as any[];

  await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
  const sequence = await sequenceSource(conn, CHUNK);
  for (let from = 1; from <= CONTACTS; from += CHUNK) {
    const to = Math.min(CONTACTS, from + CHUNK - 1);
    await conn.query(
      `INSERT INTO contacts (institution_id, first_name, last_name, email)
       SELECT ?, ELT(1 + n % 6, 'Élodie', 'Jean', '=SUM(A1)', 'Zoë', 'Ana María', 'O''Brien'),
              CONCAT('Nom', n), IF(n % 50 = 0, '', CONCAT('contact', n, '@example.org'))
         FROM (${sequence(from, to)}) s ORDER BY n`,
      [institutionId],
    );
  }
  const [[range]] = (await conn.query('SELECT MIN(id) AS lo, MAX(id) AS hi FROM contacts WHERE institution_id = ?', [
    institutionId,
  ])) as any[];
  // One value per criterion for 9 contacts in 10, a second one on multi-valued criteria for half of them.
  for (let from = Number(range.lo); from <= Number(range.hi); from += CHUNK) {
    const to = Math.min(Number(range.hi), from + CHUNK - 1);
    await insertGeneratedValues(
      conn,
      criteria.map((c, i) => ({ ...c, multi: MULTI_VALUED.has(i + 1) })),
      from,
      to,
    );
  }
  await conn.query('ANALYZE TABLE contacts, contact_criterion_values');
  log(`generated in ${seconds(Date.now() - started)}`);
  return { institutionId, targetId: Number(target.insertId) };
}

/** MariaDB's sequence engine when present, else a recursive CTE (MySQL 8). */

async function timeAppExport(url: string, apiKey: string, targetId: number, storage: BenchStorage) {
  const port = await freePort();
  const main = resolve(__dirname, '../apps/template-export/src/main.js');
  const child: ChildProcess = spawn(process.execPath, [...WORKER_NODE_ARGS, main], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      TEMPLATE_EXPORT_PORT: String(port),
      ...storage.env,
      QUEUE_PREFIX: `cmu-bench-${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await until(
      async () => (await fetch(`${base}/health`).catch(() => null))?.ok === true,
      'the template-export app to start',
      60_000,
    );
    const started = Date.now();
    const created = await fetch(`${base}/template-exports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ dataType: 'criteria', targetId }),
    });
    if (created.status !== 202)
      throw new Error(`POST /template-exports answered ${created.status}: ${await created.text()}`);
    const { id } = (await created.json()) as { id: number };
    let status: any;
    let lastLog = 0;
    await until(
      async () => {
        status = await (
          await fetch(`${base}/template-exports/${id}`, { headers: { authorization: `Bearer ${apiKey}` } })
        ).json();
        if (Date.now() - lastLog > 5000) {
          lastLog = Date.now();
          log(
            `export ${id}: ${status.status} ${status.progress.processed}/${status.progress.total ?? '?'}  RSS ${(vmKb(child.pid!, 'VmRSS') / 1024).toFixed(0)} MB`,
          );
        }
        return status.status === 'completed' || status.status === 'failed';
      },
      'the export to finish',
      30 * 60_000,
      50,
    );
    const ms = Date.now() - started;
    if (status.status !== 'completed') throw new Error(`The export failed: ${status.error}`);
    const peakRssKb = vmKb(child.pid!, 'VmHWM');
    const [utime, stime] = readFileSync(`/proc/${child.pid}/stat`, 'utf8')
      .split(') ')[1]
      .split(' ')
      .slice(11, 13)
      .map(Number);
    return {
      ms,
      peakRssKb,
      cpuSeconds: (utime + stime) / 100,
      rowCount: status.rowCount as number,
      fileSize: Number(status.fileSize),
    };
  } finally {
    child.kill('SIGTERM');
    if (storage.env.FILES_DIR) rmSync(storage.env.FILES_DIR, { recursive: true, force: true });
  }
}

/** The pivot the database can do alone: GROUP BY + GROUP_CONCAT, written by the server, then zipped. */
async function timeDatabaseRoute(conn: Connection, institutionId: number) {
  const [criteria] = (await conn.query('SELECT id, code FROM criteria WHERE institution_id = ? ORDER BY code', [
    institutionId,
  ])) as any[];
  const [[{ valueRows }]] = (await conn.query(
    'SELECT COUNT(*) AS valueRows FROM contact_criterion_values v JOIN contacts c ON c.id = v.contact_id WHERE c.institution_id = ?',
    [institutionId],
  )) as any[];
  const pivots = criteria
    .map(
      (c: any) =>
        `GROUP_CONCAT(IF(v.criterion_id = ${c.id}, cv.code, NULL) ORDER BY cv.code SEPARATOR '|') AS f${c.id}`,
    )
    .join(',\n ');
  const outer = criteria.map((c: any) => `IFNULL(f${c.id}, ''), IFNULL(f${c.id}, '')`).join(', ');
  const select = `SELECT id, last_name, first_name, email, ${outer} FROM (
      SELECT c.id, c.last_name, c.first_name, c.email, ${pivots}
        FROM contacts c
        LEFT JOIN contact_criterion_values v ON v.contact_id = c.id
        LEFT JOIN criterion_values cv ON cv.id = v.value_id
       WHERE c.institution_id = ${Number(institutionId)}
       GROUP BY c.id) p ORDER BY id`;
  const dir = mkdtempSync(join(tmpdir(), 'cmu-bench-db-'));
  const csv = `/tmp/cmu-bench-pivot-${randomBytes(4).toString('hex')}.csv`;
  const zip = join(dir, 'pivot.zip');
  await conn.query('SET SESSION group_concat_max_len = 65535');
  let how = 'INTO OUTFILE + zip';
  const started = Date.now();
  try {
    await conn.query(
      `${select} INTO OUTFILE '${csv}' CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' LINES TERMINATED BY '\\r\\n'`,
    );
  } catch (error) {
    // secure_file_priv forbids it: let the mysql client write the same result instead.
    how = 'mysql --batch + zip';
    log(`INTO OUTFILE refused (${(error as Error).message}); using mysql --batch instead`);
    const u = new URL(benchDatabaseUrl(DATABASE));
    execFileSync('sh', [
      '-c',
      `mysql -h${u.hostname} -P${u.port || 3306} -u${u.username} ${u.password ? `-p${u.password}` : ''} --batch --quick ${DATABASE} -e "SET SESSION group_concat_max_len = 65535; ${select.replace(/"/g, '\\"')}" > ${csv}`,
    ]);
  }
  const queryMs = Date.now() - started;
  execFileSync('zip', ['-q', '-j', zip, csv]);
  const ms = Date.now() - started;
  const zipSize = statSync(zip).size;
  if (existsSync(csv)) unlinkSync(csv);
  rmSync(dir, { recursive: true, force: true });
  return { ms, queryMs, zipMs: ms - queryMs, how, zipSize, valueRows: Number(valueRows) };
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`[bench] failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
