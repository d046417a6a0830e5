// What the benchmark scripts share: their own database, a sequence source for fast data generation,
// a free port for the app under test, its peak memory, polling, and the import app run as a child
// process with an import posted to it and timed to its end.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openAsBlob, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, join, resolve } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { startS3Server } from '../test/utils/s3-server';

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const log = (line: string) => console.log(`[bench] ${line}`);

/** DATABASE_URL (or the local default) pointed at the benchmark's own database. */
export function benchDatabaseUrl(database: string): string {
  const url = new URL(process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/contact_mass_update');
  url.pathname = `/${database}`;
  return url.toString();
}

/** A `SELECT n` of consecutive integers: MariaDB's seq engine, else a recursive CTE (MySQL). */
export async function sequenceSource(conn: Connection, chunk: number): Promise<(from: number, to: number) => string> {
  try {
    await conn.query('SELECT seq FROM seq_1_to_2');
    return (from, to) => `SELECT seq AS n FROM seq_${from}_to_${to}`;
  } catch {
    await conn.query(`SET SESSION cte_max_recursion_depth = ${chunk + 10}`);
    return (from, to) =>
      `WITH RECURSIVE r(n) AS (SELECT ${from} UNION ALL SELECT n + 1 FROM r WHERE n < ${to}) SELECT n FROM r`;
  }
}

export interface BenchStorage {
  /** What the figures were measured with. */
  driver: string;
  /** The app's storage settings. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * BENCH_STORAGE=file (the default: a directory under `work`) or s3 (an s3rver on loopback, in this process, its data
 * in a temp directory): the file store of the app under test.
 */
export async function benchStorage(work: string): Promise<BenchStorage> {
  const driver = process.env.BENCH_STORAGE ?? 'file';
  if (driver === 'file')
    return { driver: 'file', env: { STORAGE_URL: '', FILES_DIR: join(work, 'files') }, close: async () => {} };
  if (driver !== 's3') throw new Error(`BENCH_STORAGE must be file or s3, not ${driver}`);
  const server = await startS3Server('cmu-bench');
  log(`files in s3rver at ${server.endpoint}`);
  return { driver: 's3 (s3rver on loopback)', env: server.env('bench/'), close: () => server.close() };
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => ok(port));
    });
    server.on('error', fail);
  });
}

/** A process's peak (VmHWM) or current (VmRSS) resident memory, in kB. */
export function vmKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
  return match ? Number(match[1]) : 0;
}

export async function until(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs: number,
  everyMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, everyMs));
  }
}

export interface RunningImportApp {
  child: ChildProcess;
  base: string;
}

/**
 * Starts the built import app (`node dist/apps/import/src/main.js`) against `url`, on a free port, with the file store
 * of `storage` (benchStorage).
 */
export async function startImportApp(url: string, storage: Record<string, string>): Promise<RunningImportApp> {
  const port = await freePort();
  const main = resolve(__dirname, '../apps/import/src/main.js');
  // The worker runs with a heap cap, as it would in a container with a memory limit: V8 otherwise lets
  // dead batches pile up in the old space of a 24 GB machine long before collecting them.
  const nodeArgs = (process.env.BENCH_IMPORT_NODE_ARGS ?? '--max-old-space-size=128').split(' ').filter(Boolean);
  log(`import app: node ${[...nodeArgs, 'dist/apps/import/src/main.js'].join(' ')}`);
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      IMPORT_PORT: String(port),
      ...storage,
      QUEUE_PREFIX: `cmu-bench-${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      MAX_UPLOAD_BYTES: String(2 * 1024 ** 3),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await until(
    async () => (await fetch(`${base}/health`).catch(() => null))?.ok === true,
    'the import app to start',
    60_000,
  );
  return { child, base };
}

/**
 * Posts `file` as an import of `dataType` in `mode` and polls it to its end, from the POST to the final
 * status; throws if it failed. Also reads the app's peak RSS over this run (VmHWM, reset before it).
 */
export async function timeImport(
  app: RunningImportApp,
  apiKey: string,
  file: string,
  dataType: 'criteria' | 'contacts',
  mode: 'validate' | 'apply',
) {
  const pid = app.child.pid!;
  // Resets VmHWM to the current RSS, so each run reports its own peak.
  if (existsSync(`/proc/${pid}/clear_refs`)) writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const started = Date.now();
  const form = new FormData();
  form.append('dataType', dataType);
  form.append('mode', mode);
  form.append('file', await openAsBlob(file), basename(file));
  const created = await fetch(`${app.base}/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}` },
    body: form,
  });
  if (created.status !== 202) throw new Error(`POST /imports answered ${created.status}: ${await created.text()}`);
  const { id } = (await created.json()) as { id: number };
  log(`${mode}: import ${id} uploaded in ${seconds(Date.now() - started)}`);
  let status: any;
  let lastLog = 0;
  await until(
    async () => {
      status = await (
        await fetch(`${app.base}/imports/${id}`, { headers: { authorization: `Bearer ${apiKey}` } })
      ).json();
      if (Date.now() - lastLog > 5000) {
        lastLog = Date.now();
        log(
          `${mode} ${id}: ${status.status} ${status.progress.processed}/${status.progress.total ?? '?'}  RSS ${(vmKb(pid, 'VmRSS') / 1024).toFixed(0)} MB`,
        );
      }
      return ['validated', 'completed', 'failed', 'cancelled'].includes(status.status);
    },
    `the ${mode} to finish`,
    30 * 60_000,
    50,
  );
  const ms = Date.now() - started;
  if (status.status === 'failed')
    throw new Error(`The ${mode} failed: ${status.error} ${JSON.stringify(status.fileErrors)}`);
  return { id, ms, status: status.status as string, peakRssKb: vmKb(pid, 'VmHWM'), counts: status.counts };
}

/** A criterion of a generated data set: its id, its first value's id, how many values, multi-valued or not. */
export interface GeneratedCriterion {
  id: number;
  firstValue: number;
  values: number;
  multi: boolean;
}

/**
 * Inserts the values of contacts `from`..`to` by fixed formulas (the benchmarks compute the same in Node to
 * know what the files hold): one value per criterion for 9 contacts in 10, a second on multi-valued
 * criteria for even ids.
 */
export async function insertGeneratedValues(
  conn: Connection,
  criteria: GeneratedCriterion[],
  from: number,
  to: number,
): Promise<void> {
  const kinds = criteria
    .map((c) => `SELECT ${c.id} AS cid, ${c.firstValue} AS first_value, ${c.values} AS n, ${c.multi ? 1 : 0} AS multi`)
    .join(' UNION ALL ');
  await conn.query(
    `INSERT INTO contact_criterion_values (contact_id, criterion_id, value_id)
     SELECT contact_id, cid, value_id FROM (
       SELECT c.id AS contact_id, k.cid, k.first_value + (c.id * 7 + k.cid) % k.n AS value_id
         FROM contacts c JOIN (${kinds}) k WHERE c.id BETWEEN ? AND ? AND (c.id + k.cid) % 10 <> 0
       UNION ALL
       SELECT c.id, k.cid, k.first_value + (c.id * 7 + k.cid + 1) % k.n
         FROM contacts c JOIN (${kinds}) k WHERE c.id BETWEEN ? AND ? AND k.multi = 1 AND c.id % 2 = 0 AND (c.id + k.cid) % 10 <> 0
     ) x ORDER BY contact_id, cid, value_id`,
    [from, to, from, to],
  );
}
