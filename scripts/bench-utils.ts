// What the benchmark scripts share: their own database, a sequence source for fast data generation,
// a free port for the app under test, its peak memory, and polling.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Connection } from 'mysql2/promise';

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
    return (from, to) => `WITH RECURSIVE r(n) AS (SELECT ${from} UNION ALL SELECT n + 1 FROM r WHERE n < ${to}) SELECT n FROM r`;
  }
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

export async function until(check: () => Promise<boolean>, what: string, timeoutMs: number, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, everyMs));
  }
}
