import archiver from 'archiver';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as yauzl from 'yauzl';
import { importClient, notificationsClient, targetsClient, templateExportClient, uploadImport } from '@app/api-client';
import { DEV_ADMIN_API_KEY, loadEnvFile } from '@app/common';
import { createCsvWriter, readCsv } from '@app/csv-schema';

/**
 * `npm run demo`: the whole product for a new user, against the four running apps (`npm start`).
 * Creates a demo institution with criteria, authorizations and 10,000 contacts, a dynamic target,
 * asks for its authorization template, edits some `[new]` cells as a spreadsheet user would,
 * validates the file, applies it, and shows the counts, the report and the e-mails.
 *
 * Settings (environment): DEMO_TARGETS_URL, DEMO_TEMPLATE_EXPORT_URL, DEMO_IMPORT_URL,
 * DEMO_NOTIFICATIONS_URL (default localhost:3001-3004), ADMIN_API_KEY, DEMO_EMAIL,
 * DEMO_CONTACTS (default 10000), DEMO_DIR (default var/demo), STORAGE_URL or FILES_DIR and SMTP_URL (to
 * say where the e-mails went).
 */
/** mail/ of the file store the apps use: a directory of the file driver, or the s3 bucket and prefix. */
function mailLocation(env: NodeJS.ProcessEnv): string {
  const url = env.STORAGE_URL || `file://${env.FILES_DIR ?? 'var/files'}`;
  return url.startsWith('file://')
    ? join(resolve(url.slice('file://'.length)), 'mail')
    : `${url.replace(/\/$/, '')}/mail`;
}

export interface DemoOptions {
  urls: { targets: string; templateExport: string; import: string; notifications: string };
  adminKey: string;
  email: string;
  contacts: number;
  outDir: string;
  /** Where the apps write the .eml files when there is no SMTP server (mail/ in the file store). */
  mailLocation: string;
  smtpUrl?: string;
  /** Where the story is told, and whether it may redraw a progress bar in place. */
  write: (text: string) => void;
  tty: boolean;
  /** Where the API clients come from: @app/api-client's, or the e2e test's, which check every answer. */
  clients: ClientFactories;
}

export interface ClientFactories {
  targetsClient: typeof targetsClient;
  templateExportClient: typeof templateExportClient;
  importClient: typeof importClient;
  notificationsClient: typeof notificationsClient;
}

export function demoOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DemoOptions {
  return {
    urls: {
      targets: env.DEMO_TARGETS_URL ?? `http://localhost:${env.TARGETS_PORT ?? 3001}`,
      templateExport: env.DEMO_TEMPLATE_EXPORT_URL ?? `http://localhost:${env.TEMPLATE_EXPORT_PORT ?? 3002}`,
      import: env.DEMO_IMPORT_URL ?? `http://localhost:${env.IMPORT_PORT ?? 3003}`,
      notifications: env.DEMO_NOTIFICATIONS_URL ?? `http://localhost:${env.NOTIFICATIONS_PORT ?? 3004}`,
    },
    adminKey: env.ADMIN_API_KEY || DEV_ADMIN_API_KEY,
    email: env.DEMO_EMAIL ?? 'marketing@demo.example.org',
    contacts: Math.max(1, Number(env.DEMO_CONTACTS ?? 10_000)),
    outDir: resolve(env.DEMO_DIR ?? 'var/demo'),
    mailLocation: mailLocation(env),
    smtpUrl: env.SMTP_URL || undefined,
    write: (text) => process.stdout.write(text),
    tty: !!process.stdout.isTTY,
    clients: { targetsClient, templateExportClient, importClient, notificationsClient },
  };
}

const BULK_CHUNK = 10_000;

const MUSIC = ['CLASSICAL', 'ELECTRO', 'JAZZ', 'ROCK'];
const CITIES = ['LILLE', 'LYON', 'NANTES', 'PARIS'];
const FIRST_NAMES = ['Anne', 'Bruno', 'Chloé', 'David', 'Élise', 'François', 'Gaëlle', 'Hugo', 'Inès', 'Jules'];
const LAST_NAMES = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau'];

// ---------------------------------------------------------------------------------------------
// Output

let write: DemoOptions['write'] = (text) => process.stdout.write(text);
let tty = false;
const step = (n: number, text: string) => write(tty ? `\n\x1b[1m${n}. ${text}\x1b[0m\n` : `\n${n}. ${text}\n`);
const info = (text: string) => write(`   ${text}\n`);

/** A progress bar on one line (a TTY), or a line every 25% (a log). */
function progressBar(label: string) {
  let lastQuarter = -1;
  return {
    update(processed: number, total: number, status: string) {
      const ratio = total > 0 ? Math.min(1, processed / total) : 0;
      if (tty) {
        const width = 30;
        const filled = Math.round(ratio * width);
        write(
          `\r   ${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${processed.toLocaleString('en')}/${total.toLocaleString('en')} ${status.padEnd(10)}`,
        );
      } else if (Math.floor(ratio * 4) > lastQuarter) {
        lastQuarter = Math.floor(ratio * 4);
        info(`${label}: ${Math.round(ratio * 100)}% (${processed}/${total}) ${status}`);
      }
    },
    done() {
      if (tty) write('\n');
    },
  };
}

/** Asking twice (a retried request) gives the same export. */

const idempotencyKey = (key: string) => ({ params: { header: { 'idempotency-key': key } } }) as { params: any };

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Unwraps an openapi-fetch answer, or stops the demo with the API's own error message. */
function ok<T>(what: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    const body = result.error as { code?: string; message?: string } | undefined;
    throw new Error(
      `${what} answered ${result.response.status}${body?.code ? ` ${body.code}` : ''}: ${body?.message ?? JSON.stringify(result.error)}`,
    );
  }
  return result.data;
}

// ---------------------------------------------------------------------------------------------
// Files: the template is a zip holding one CSV (docs/file-format.md)

function unzipSingle(zip: Buffer): Promise<{ name: string; data: Buffer }> {
  return new Promise((done, fail) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error || !file) return fail(error);
      file.once('entry', (entry: yauzl.Entry) =>
        file.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return fail(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => done({ name: entry.fileName, data: Buffer.concat(chunks) }));
          stream.on('error', fail);
        }),
      );
      file.readEntry();
    }),
  );
}

async function readRows(csv: Buffer): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const record of readCsv(Readable.from([csv]))) rows.push(record.cells);
  return rows;
}

async function writeZip(path: string, entryName: string, rows: string[][]): Promise<void> {
  const [header, ...body] = rows;
  const writer = createCsvWriter({ header });
  const archive = archiver('zip', { zlib: { level: 6 } });
  const output = createWriteStream(path);
  archive.pipe(output);
  archive.append(writer, { name: entryName });
  const written = pipeline(Readable.from(body), writer).catch((error) => archive.abort() && Promise.reject(error));
  await Promise.all([written, archive.finalize(), once(output, 'close')]);
}

// ---------------------------------------------------------------------------------------------

async function checkApps(URLS: DemoOptions['urls'], clients: ClientFactories): Promise<void> {
  /** GET /health of each app, through its own typed client (no API key: the route is public). */
  const HEALTH: Record<keyof DemoOptions['urls'], (url: string) => Promise<{ response: Response }>> = {
    targets: (url) => clients.targetsClient(url).GET('/health'),
    templateExport: (url) => clients.templateExportClient(url).GET('/health'),
    import: (url) => clients.importClient(url).GET('/health'),
    notifications: (url) => clients.notificationsClient(url).GET('/health'),
  };
  for (const [name, url] of Object.entries(URLS) as [keyof DemoOptions['urls'], string][]) {
    try {
      const { response } = await HEALTH[name](url);
      if (!response.ok) throw new Error(`GET /health answered ${response.status}`);
    } catch (error) {
      throw new Error(
        `The ${name} app does not answer at ${url} (${(error as Error).message}). Start the apps with "npm start" (or set DEMO_*_URL).`,
        { cause: error },
      );
    }
  }
}

function demoContact(index: number) {
  // Deterministic variety, so that every run shows the same kind of data.
  const pick = <T>(list: T[], salt: number) =>
    list[(index * 7 + salt * 13 + Math.floor(index / list.length)) % list.length];
  const music = MUSIC.filter((_, at) => (index + at * 3) % (at + 2) === 0);
  const firstName = pick(FIRST_NAMES, 1);
  const lastName = pick(LAST_NAMES, 2);
  return {
    firstName,
    lastName,
    email: `${firstName}.${lastName}.${index}@demo.example.org`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, ''),
    criteria: { MUSIC_TASTE: music, CITY: [pick(CITIES, 3)] },
    authorizations: {
      NEWSLETTER: index % 3 === 0 ? null : index % 3 === 1,
      SMS: index % 5 === 0 ? true : null,
      PARTNER_OFFERS: index % 4 === 0,
    },
  };
}

type ImportState = {
  id: number;
  status: string;
  progress: { processed: number; total: number };
  counts: Record<string, number>;
  fileErrors: { code: string; message: string }[];
};

async function followImport(
  client: ReturnType<typeof importClient>,
  id: number,
  label: string,
  until: string[],
): Promise<ImportState> {
  const bar = progressBar(label);
  for (;;) {
    const current = ok(
      'GET /imports/{id}',
      await client.GET('/imports/{id}', { params: { path: { id } } }),
    ) as unknown as ImportState;
    bar.update(current.progress.processed, current.progress.total || current.counts.rows || 1, current.status);
    if (until.includes(current.status) || ['failed', 'cancelled'].includes(current.status)) {
      bar.done();
      return current;
    }
    await sleep(250);
  }
}

export interface DemoResult {
  institutionId: number;
  apiKey: string;
  targetId: number;
  targetCount: number;
  exportId: number;
  exportRows: number;
  edits: number;
  importId: number;
  validated: ImportState;
  applied: ImportState;
  report: string;
  mails: { type: string; to: string; subject: string; status: string; error: string | null }[];
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  ({ write, tty } = options);
  const { urls: URLS, adminKey: ADMIN_KEY, email: EMAIL, contacts: CONTACTS, outDir: OUT_DIR } = options;
  mkdirSync(OUT_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);

  step(1, 'The four apps answer');
  const { targetsClient, templateExportClient, importClient, notificationsClient } = options.clients;
  await checkApps(URLS, options.clients);
  Object.entries(URLS).forEach(([name, url]) => info(`${name.padEnd(15)} ${url}  (Swagger UI: ${url}/docs)`));

  step(2, 'A demo institution (admin key), whose API key is used from now on');
  const institution = ok(
    'POST /institutions',
    await targetsClient(URLS.targets, ADMIN_KEY).POST('/institutions', {
      body: { code: `DEMO_${stamp}`, name: `Demo theatre ${stamp}` },
    }),
  );
  const key = institution.apiKey;
  info(`institution ${institution.code} (id ${institution.id}), API key ${key}`);
  const targets = targetsClient(URLS.targets, key);
  const exports = templateExportClient(URLS.templateExport, key);
  const imports = importClient(URLS.import, key);

  step(3, 'Criteria and authorizations');
  ok(
    'POST /criteria',
    await targets.POST('/criteria', {
      body: {
        code: 'MUSIC_TASTE',
        label: 'Music taste',
        multiValued: true,
        values: MUSIC.map((code) => ({ code, label: code[0] + code.slice(1).toLowerCase() })),
      },
    }),
  );
  ok(
    'POST /criteria',
    await targets.POST('/criteria', {
      body: {
        code: 'CITY',
        label: 'City',
        multiValued: false,
        values: CITIES.map((code) => ({ code, label: code[0] + code.slice(1).toLowerCase() })),
      },
    }),
  );
  for (const [code, label] of [
    ['NEWSLETTER', 'Newsletter'],
    ['SMS', 'Text messages'],
    ['PARTNER_OFFERS', 'Partner offers'],
  ]) {
    ok('POST /authorizations', await targets.POST('/authorizations', { body: { code, label } }));
  }
  info('criteria MUSIC_TASTE (multi-valued: CLASSICAL, ELECTRO, JAZZ, ROCK) and CITY (LILLE, LYON, NANTES, PARIS)');
  info('authorizations NEWSLETTER, SMS, PARTNER_OFFERS');

  step(4, `${CONTACTS.toLocaleString('en')} contacts`);
  const bar = progressBar('contacts');
  for (let start = 0; start < CONTACTS; start += BULK_CHUNK) {
    const chunk = Array.from({ length: Math.min(BULK_CHUNK, CONTACTS - start) }, (_, at) => demoContact(start + at));
    ok('POST /contacts/bulk', await targets.POST('/contacts/bulk', { body: chunk as never }));
    bar.update(start + chunk.length, CONTACTS, 'created');
  }
  bar.done();

  step(5, 'A dynamic target: jazz or rock lovers who did not refuse the newsletter');
  const rule = {
    all: [{ criterion: 'MUSIC_TASTE', in: ['JAZZ', 'ROCK'] }, { not: { authorization: 'NEWSLETTER', is: false } }],
  };
  const target = ok(
    'POST /targets',
    await targets.POST('/targets', { body: { name: 'Jazz and rock, newsletter not refused', rule } as never }),
  );
  const preview = ok(
    'GET /targets/{id}/preview',
    await targets.GET('/targets/{id}/preview', { params: { path: { id: target.id } } }),
  );
  info(`target ${target.id}: ${JSON.stringify(rule)}`);
  info(`${preview.count.toLocaleString('en')} contacts match today`);

  step(6, `The authorization template of that target, e-mailed to ${EMAIL}`);
  const requested = ok(
    'POST /template-exports',
    await exports.POST('/template-exports', {
      body: { dataType: 'authorizations', targetId: target.id, email: EMAIL, locale: 'en' },
      ...idempotencyKey(`demo-${stamp}`),
    }),
  );
  const exportBar = progressBar('building');
  let exported;
  for (;;) {
    exported = ok(
      'GET /template-exports/{id}',
      await exports.GET('/template-exports/{id}', { params: { path: { id: requested.id } } }),
    );
    exportBar.update(exported.progress.processed, exported.progress.total || 1, exported.status);
    if (exported.status === 'completed' || exported.status === 'failed') break;
    await sleep(250);
  }
  exportBar.done();
  if (exported.status === 'failed') throw new Error(`the template export failed: ${exported.error}`);
  const download = await exports.GET('/template-exports/{id}/file', {
    params: { path: { id: requested.id } },
    parseAs: 'arrayBuffer',
  });
  if (!download.response.ok || !download.data)
    throw new Error(`GET /template-exports/${requested.id}/file answered ${download.response.status}`);
  const zip = Buffer.from(download.data as ArrayBuffer);
  const zipPath = join(OUT_DIR, exported.fileName ?? `template-${requested.id}.zip`);
  writeFileSync(zipPath, zip);
  info(`${exported.rowCount} rows, downloaded to ${zipPath}`);

  step(7, 'Editing [new] cells, as in a spreadsheet');
  const entry = await unzipSingle(zip);
  const rows = await readRows(entry.data);
  const header = rows[0];
  info(`columns: ${header.join(', ')}`);
  const column = (name: string) => header.indexOf(name);
  const newsletter = column('[new] NEWSLETTER');
  const sms = column('[new] SMS');
  const partner = column('[new] PARTNER_OFFERS');
  if ([newsletter, sms, partner].includes(-1))
    throw new Error(`the template lacks a [new] column: ${header.join(', ')}`);
  let edits = 0;
  rows.slice(1).forEach((row, at) => {
    if (at % 10 === 0) {
      row[newsletter] = row[newsletter] === 'TRUE' ? 'FALSE' : 'TRUE';
      edits++;
    }
    if (at % 25 === 0) {
      if (row[sms] !== 'TRUE') edits++; // `t` is TRUE too: a cell already TRUE does not change
      row[sms] = 't'; // any accepted spelling: TRUE, true, T, t
    }
  });
  // Two mistakes, to show what the report says about them.
  if (rows.length > 3) {
    rows[2][partner] = 'maybe';
    rows[3][sms] = 'oui';
  }
  const editedPath = join(OUT_DIR, `edited-${entry.name.replace(/\.csv$/, '')}.zip`);
  await writeZip(editedPath, entry.name, rows);
  info(`${edits} cells changed on purpose, 2 cells made invalid ("maybe", "oui"): ${editedPath}`);

  step(8, 'Import, mode validate ("test the quality of the file"): writes nothing');
  const created = ok(
    'POST /imports',
    await uploadImport(
      imports,
      { dataType: 'authorizations', mode: 'validate', email: EMAIL, locale: 'en' },
      { data: await readFile(editedPath), name: basename(editedPath), type: 'application/zip' },
      `demo-import-${stamp}`,
    ),
  );
  const validated = await followImport(imports, created.id, 'validating', ['validated']);
  printCounts(validated);

  step(9, 'Apply it (mass update), re-checked against the current data');
  ok('POST /imports/{id}/apply', await imports.POST('/imports/{id}/apply', { params: { path: { id: created.id } } }));
  const applied = await followImport(imports, created.id, 'applying', ['completed']);
  printCounts(applied);

  step(10, 'The report');
  const reportText = ok(
    'GET /imports/{id}/report',
    await imports.GET('/imports/{id}/report', { params: { path: { id: created.id } }, parseAs: 'text' }),
  );
  const reportPath = join(OUT_DIR, `report-import-${created.id}.csv`);
  writeFileSync(reportPath, reportText);
  info(`GET ${URLS.import}/imports/${created.id}/report (with the API key), saved to ${reportPath}:`);
  reportText
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter(Boolean)
    .slice(0, 6)
    .forEach((line) => info(`  ${line}`));

  step(11, 'The e-mails');
  const notifications = notificationsClient(URLS.notifications, key);
  let mails: { type: string; to: string; subject: string; status: string; error: string | null }[] = [];
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    mails = ok(
      'GET /notifications',
      await notifications.GET('/notifications', { params: { query: { to: EMAIL } } }),
    ) as typeof mails;
    if (mails.length >= 3 && mails.every((mail) => mail.status !== 'pending')) break;
    await sleep(500);
  }
  mails.forEach((mail) =>
    info(
      `${mail.status.padEnd(7)} ${mail.type.padEnd(26)} to ${mail.to}: ${mail.subject}${mail.error ? ` (${mail.error})` : ''}`,
    ),
  );
  if (options.smtpUrl) info(`sent through ${options.smtpUrl.replace(/\/\/[^@]*@/, '//')}`);
  else info(`no SMTP_URL: written as .eml files under ${options.mailLocation} (open them with any mail client)`);

  write(
    `\nDone. Look around in Swagger UI (${URLS.targets}/docs, …) with the API key ${key}, and at the queues on ${URLS.notifications}/queues (admin key).\n`,
  );
  return {
    institutionId: institution.id,
    apiKey: key,
    targetId: target.id,
    targetCount: preview.count,
    exportId: requested.id,
    exportRows: exported.rowCount ?? 0,
    edits,
    importId: created.id,
    validated,
    applied,
    report: reportText,
    mails,
  };
}

function printCounts(state: ImportState): void {
  info(`status ${state.status}`);
  info(
    Object.entries(state.counts)
      .map(([name, value]) => `${name} ${value}`)
      .join(', '),
  );
  state.fileErrors.forEach((error) => info(`file error ${error.code}: ${error.message}`));
}

if (require.main === module) {
  loadEnvFile();
  runDemo(demoOptionsFromEnv()).then(
    () => process.exit(0),
    (error) => {
      console.error(`\nThe demo stopped: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
