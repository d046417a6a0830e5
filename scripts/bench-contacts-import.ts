/**
 * `npm run bench:contacts-import`: times an apply import of data type `contacts` that creates
 * BENCH_CONTACTS new contacts (default 50,000; rows without contact_id, each with a name, an e-mail,
 * a birth date, a language, a multi-valued criterion and an authorization), end to end from the POST
 * to the final status. Runs the built import app as a child process (`node dist/apps/import/src/main.js`)
 * against its own database, `cmu_bench_contacts_import`; the file is generated here, and the
 * institution it creates is emptied after the run. Then checks that every created contact holds its
 * own row's values (a wrong id mapping would show here).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openAsBlob, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { hashApiKey, newApiKey } from '@app/common';
import { migrateDatabase } from '@app/database';
import { benchDatabaseUrl, freePort, log, seconds, until } from './bench-utils';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 50_000);
const DATABASE = 'cmu_bench_contacts_import';
/** In code order, as GROUP_CONCAT(… ORDER BY code) reads them back. */
const MUSIC = ['FOLK', 'JAZZ', 'ROCK'];

async function main() {
  if (!Number.isInteger(CONTACTS) || CONTACTS < 1) throw new Error('BENCH_CONTACTS must be a positive integer');
  const url = benchDatabaseUrl(DATABASE);
  await migrateDatabase(url);
  const conn = await createConnection({ uri: url });
  const work = mkdtempSync(join(tmpdir(), 'cmu-bench-contacts-'));
  let institutionId = 0;
  try {
    const [mode] = (await conn.query('SELECT @@innodb_autoinc_lock_mode AS mode')) as any[];
    log(`innodb_autoinc_lock_mode = ${mode[0].mode}`);
    const apiKey = newApiKey();
    const [institution] = (await conn.query(`INSERT INTO institutions (code, name, api_key_hash) VALUES (?, 'Bench contacts', ?)`, [
      `BENCH_C_${randomBytes(4).toString('hex')}`,
      hashApiKey(apiKey),
    ])) as any[];
    institutionId = Number(institution.insertId);
    const [criterion] = (await conn.query(`INSERT INTO criteria (institution_id, code, label, multi_valued) VALUES (?, 'MUSIC', 'Music', 1)`, [institutionId])) as any[];
    await conn.query('INSERT INTO criterion_values (criterion_id, code, label) VALUES ?', [MUSIC.map((code) => [criterion.insertId, code, code])]);
    await conn.query(`INSERT INTO authorizations (institution_id, code, label) VALUES (?, 'NEWSLETTER', 'Newsletter')`, [institutionId]);

    const file = join(work, 'contacts.csv');
    writeFileSync(file, contactsCsv());
    log(`file: ${(statSync(file).size / 1048576).toFixed(1)} MiB, ${CONTACTS.toLocaleString('en')} rows to create`);

    const app = await startImportApp(url, work);
    try {
      const run = await timeApply(app, apiKey, file);
      const [rows] = (await conn.query(
        `SELECT c.first_name, c.last_name, c.email, c.language, ch.line,
                (SELECT GROUP_CONCAT(v.code ORDER BY v.code SEPARATOR '|') FROM contact_criterion_values ccv JOIN criterion_values v ON v.id = ccv.value_id WHERE ccv.contact_id = c.id) AS music,
                (SELECT value FROM contact_authorizations a WHERE a.contact_id = c.id) AS newsletter
           FROM import_changes ch JOIN contacts c ON c.id = ch.contact_id WHERE ch.import_id = ? AND ch.field_code = '__created'`,
        [run.id],
      )) as any[];
      const wrong = rows.filter((row: any) => {
        const i = row.line - 2;
        const expected = rowValues(i);
        return row.first_name !== expected.first || row.email !== expected.email || (row.music ?? '') !== expected.music || Number(row.newsletter) !== expected.newsletter;
      });
      console.log('');
      console.log(`contacts created:               ${rows.length.toLocaleString('en')} of ${CONTACTS.toLocaleString('en')}; rows not matching their line: ${wrong.length}`);
      console.log(`apply (app, POST -> final):     ${seconds(run.ms)}  counts=${JSON.stringify(run.counts)}`);
      if (rows.length !== CONTACTS || wrong.length) process.exitCode = 1;
    } finally {
      app.child.kill('SIGTERM');
    }
  } finally {
    if (institutionId) {
      // Leaves the benchmark database small: the institution's contacts and imports go.
      await conn.query('DELETE v FROM contact_criterion_values v JOIN contacts c ON c.id = v.contact_id WHERE c.institution_id = ?', [institutionId]);
      await conn.query('DELETE a FROM contact_authorizations a JOIN contacts c ON c.id = a.contact_id WHERE c.institution_id = ?', [institutionId]);
      await conn.query('DELETE FROM contacts WHERE institution_id = ?', [institutionId]);
      await conn.query('DELETE ch FROM import_changes ch JOIN imports i ON i.id = ch.import_id WHERE i.institution_id = ?', [institutionId]);
      await conn.query('DELETE s FROM import_issues s JOIN imports i ON i.id = s.import_id WHERE i.institution_id = ?', [institutionId]);
      await conn.query('DELETE FROM imports WHERE institution_id = ?', [institutionId]);
    }
    await conn.end();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Row i's values: distinct names and e-mails, criteria and authorization varying with i. */
function rowValues(i: number) {
  const music = MUSIC.filter((_, k) => (i >> k) & 1);
  const first = `F${[...i.toString(26)].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('')}`;
  return { first, email: `c${i}@bench.example`, music: music.join('|'), newsletter: i % 3 ? 1 : 0 };
}

function contactsCsv(): string {
  const lines = ['contact_id,first_name,last_name,email,birth_date,language,MUSIC,NEWSLETTER'];
  for (let i = 0; i < CONTACTS; i++) {
    const row = rowValues(i);
    lines.push(['', row.first, 'Bench', row.email, '24.12.1990', i % 2 ? 'fr' : 'de', row.music, row.newsletter ? 'TRUE' : 'FALSE'].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

interface RunningImportApp {
  child: ChildProcess;
  base: string;
}

async function startImportApp(url: string, work: string): Promise<RunningImportApp> {
  const port = await freePort();
  const child = spawn(process.execPath, [resolve(__dirname, '../apps/import/src/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      IMPORT_PORT: String(port),
      FILES_DIR: join(work, 'files'),
      QUEUE_PREFIX: `cmu-bench-${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await until(async () => (await fetch(`${base}/health`).catch(() => null))?.ok === true, 'the import app to start', 60_000);
  return { child, base };
}

async function timeApply(app: RunningImportApp, apiKey: string, file: string) {
  const started = Date.now();
  const form = new FormData();
  form.append('dataType', 'contacts');
  form.append('mode', 'apply');
  form.append('file', await openAsBlob(file), 'contacts.csv');
  const created = await fetch(`${app.base}/imports`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` }, body: form });
  if (created.status !== 202) throw new Error(`POST /imports answered ${created.status}: ${await created.text()}`);
  const { id } = (await created.json()) as { id: number };
  let status: any;
  await until(
    async () => {
      status = await (await fetch(`${app.base}/imports/${id}`, { headers: { authorization: `Bearer ${apiKey}` } })).json();
      return ['validated', 'completed', 'failed', 'cancelled'].includes(status.status);
    },
    'the apply to finish',
    30 * 60_000,
    50,
  );
  if (status.status !== 'completed') throw new Error(`The apply ended ${status.status}: ${status.error} ${JSON.stringify(status.fileErrors)}`);
  return { id, ms: Date.now() - started, counts: status.counts };
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    console.error(`[bench] failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
