import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { importClient, targetsClient } from '@app/api-client';
import { AppConfig, MAX_JSON_DEPTH } from '@app/common';
import type { ClientResult, RunningApp } from '../utils';
import {
  bodyOf,
  createInstitution,
  expectStatus,
  isolateTestFile,
  letters,
  rawBody,
  seed,
  startApp,
  waitFor,
} from '../utils';
import { TARGETS_APP, TargetsAppModule } from '../../apps/targets/src/targets-app.module';
import { IMPORT_APP, ImportAppModule } from '../../apps/import/src/import-app.module';
import { GENERATED } from '../fixtures/bad-input/generated';
import { report } from '../../apps/import/test/import-helpers';

/**
 * The bad-input corpus (test/fixtures/bad-input/manifest.json): every file or request gets a clear 4xx
 * or ends as its manifest says (a failed import with fileErrors, or rows refused in the report);
 * never a 5xx, never a data change, never an import left unfinished, never an orphan upload.
 */
interface Expect {
  http?: number;
  code?: string;
  status?: 'failed' | 'completed' | 'validated';
  fileErrors?: string[];
  reportCodes?: string[];
  rows?: number;
  /** With these, `fileErrors` lists the distinct codes: the row keeps this many and counts the others. */
  fileErrorsKept?: number;
  fileErrorsOmitted?: number;
  /** How many lines the report has. */
  reportLines?: number;
}
interface Case {
  name: string;
  file?: string;
  generated?: string;
  fileName?: string;
  fileField?: string;
  fields?: Record<string, string>;
  expect: Expect;
}

const DIR = join(__dirname, '..', 'fixtures', 'bad-input');
const manifest: { cases: Case[] } = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8'));
const FINAL = ['validated', 'completed', 'failed', 'cancelled', 'reverted'];

describe('bad-input corpus', () => {
  const { filesDir } = isolateTestFile({
    MAX_UPLOAD_BYTES: String(12 * 1024 * 1024),
    MAX_UNZIPPED_BYTES: String(8 * 1024 * 1024),
    IMPORT_BATCH_SIZE: '2',
    // Every file goes through the parse thread: its errors must reach the report exactly as in-thread parsing gives
    // them (csv-worker-reader.spec).
    IMPORT_PARSE_THREAD_MIN_BYTES: '0',
  });
  let targets: RunningApp;
  let importer: RunningApp;
  let db: DataSource;
  let key: string;
  let tokens: Record<string, string>;
  let contactIds: number[];

  const snapshot = async () => ({
    contacts: await db.query(
      'SELECT id, first_name, last_name, email, updated_at FROM contacts WHERE id IN (?) ORDER BY id',
      [contactIds],
    ),
    criteria: await db.query(
      'SELECT contact_id, criterion_id, value_id FROM contact_criterion_values WHERE contact_id IN (?) ORDER BY 1, 2, 3',
      [contactIds],
    ),
    authorizations: await db.query(
      'SELECT contact_id, authorization_id, value FROM contact_authorizations WHERE contact_id IN (?) ORDER BY 1, 2',
      [contactIds],
    ),
    changeLog: await db.query('SELECT COUNT(*) AS n FROM import_changes WHERE contact_id IN (?)', [contactIds]),
  });

  beforeAll(async () => {
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    importer = await startApp(ImportAppModule, IMPORT_APP);
    db = importer.app.get(DataSource);
    key = (await createInstitution(targets.url)).apiKey;
    const spec = {
      criteria: [{ code: 'MUSIC', multiValued: true, values: ['JAZZ', 'ROCK', 'POP'] }],
      authorizations: ['NEWSLETTER'],
      contacts: [1, 2, 3].map((i) => ({
        firstName: `F${letters(i)}`,
        lastName: `L${letters(i)}`,
        email: `l${i}@example.org`,
        criteria: { MUSIC: ['JAZZ'] },
        authorizations: { NEWSLETTER: true },
      })),
    };
    const mine = (await seed(targets.url, key, spec)).contactIds;
    const other = await createInstitution(targets.url);
    const theirs = (await seed(targets.url, other.apiKey, spec)).contactIds;
    contactIds = [...mine, ...theirs];
    tokens = {
      '@ID1@': String(mine[0]),
      '@ID2@': String(mine[1]),
      '@ID3@': String(mine[2]),
      '@OTHER@': String(theirs[0]),
    };
  });
  afterAll(async () => {
    await importer?.close();
    await targets?.close();
  });

  it('has at least 20 kinds, each file present and each generator known', () => {
    expect(manifest.cases.length).toBeGreaterThanOrEqual(20);
    const files = new Set(readdirSync(DIR));
    for (const c of manifest.cases) {
      if (c.file) expect(files.has(c.file)).toBe(true);
      if (c.generated) expect(Object.keys(GENERATED)).toContain(c.generated);
    }
  });

  it.each(manifest.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await snapshot();
    let bytes: Buffer | undefined;
    if (c.file) {
      const raw = readFileSync(join(DIR, c.file));
      const text = raw.toString('latin1');
      bytes = /@(ID\d|OTHER)@/.test(text)
        ? Buffer.from(
            text.replace(/@(ID\d|OTHER)@/g, (token) => tokens[token]),
            'latin1',
          )
        : raw;
    } else if (c.generated) {
      bytes = await GENERATED[c.generated]({ ID1: tokens['@ID1@'] });
    }
    // The corpus's multipart bodies (wrong field names, unknown fields, no file) are sent as they are.
    const form = new FormData();
    for (const [name, value] of Object.entries(c.fields ?? { dataType: 'criteria', mode: 'apply' }))
      form.append(name, value);
    if (bytes) form.append(c.fileField ?? 'file', new Blob([bytes]), c.fileName ?? c.file ?? `${c.generated}.csv`);
    const imports = importClient(importer.url, key);
    const res = await imports.POST('/imports', { body: {} as never, bodySerializer: () => form });

    expect(res.response.status).toBeLessThan(500);
    if (c.expect.http) {
      const error = bodyOf(res);
      expect({ status: res.response.status, code: error.code }).toEqual({ status: c.expect.http, code: c.expect.code });
      expect(error).toEqual(expect.objectContaining({ statusCode: c.expect.http, message: expect.any(String) }));
      expect(error.message.length).toBeGreaterThan(10);
    } else {
      const { id } = expectStatus(res, 202);
      const done = await waitFor(
        async () => {
          const got = expectStatus(await imports.GET('/imports/{id}', { params: { path: { id } } }), 200);
          return FINAL.includes(got.status) ? got : undefined;
        },
        `import ${id} (${c.name}) to finish`,
        30000,
      );
      expect(done.status).toBe(c.expect.status);
      if (c.expect.fileErrorsKept === undefined) {
        expect(done.fileErrors.map((e) => e.code)).toEqual(c.expect.fileErrors ?? []);
        expect(done.fileErrorsOmitted).toBe(0);
      } else {
        expect([...new Set(done.fileErrors.map((e) => e.code))]).toEqual(c.expect.fileErrors);
        expect(done.fileErrors).toHaveLength(c.expect.fileErrorsKept);
        expect(done.fileErrorsOmitted).toBe(c.expect.fileErrorsOmitted);
        expect(done.error).toContain(`${c.expect.fileErrorsOmitted} more file errors`);
      }
      for (const error of done.fileErrors) expect(error.message.length).toBeGreaterThan(10);
      if (c.expect.rows !== undefined) expect(done.counts.rows).toBe(c.expect.rows);
      expect(done.counts.applied).toBe(0);
      if (c.expect.reportCodes) {
        const lines = await report(importer.url, key, id);
        const codes = [...new Set(lines.map((row) => row.code))].sort();
        expect(codes).toEqual([...c.expect.reportCodes].sort());
        if (c.expect.reportLines !== undefined) expect(lines).toHaveLength(c.expect.reportLines);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  describe('hostile requests (issue 16)', () => {
    const expectHealthy = async () => {
      expectStatus(await targetsClient(targets.url).GET('/health'), 200);
      expectStatus(await importClient(importer.url).GET('/health'), 200);
    };
    const expectError = (res: ClientResult, status: number, code: string) => {
      const body = bodyOf(res);
      expect({ status: res.response.status, code: body?.code }).toEqual({ status, code });
      expect(body).toMatchObject({ statusCode: status, code, message: expect.any(String) });
    };
    const postTarget = (text: string) => targetsClient(targets.url, key).POST('/targets', rawBody(text));

    it('answers 400 BAD_REQUEST to a JSON body nested 10,000 levels deep, and stays healthy', async () => {
      const before = await snapshot();
      const rule = `${'{"all":['.repeat(10_000)}${']}'.repeat(10_000)}`;
      const res = await postTarget(`{"name":"deep","rule":${rule}}`);
      expectError(res, 400, 'BAD_REQUEST');
      // Just past the limit: a rule of 16 levels of all (33 with the body) used to fail the MariaDB CHECK with a 500.
      const past = `${'{"all":['.repeat(16)}${']}'.repeat(16)}`;
      expectError(await postTarget(`{"name":"deep","rule":${past}}`), 400, 'BAD_REQUEST');
      const within = `${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}`;
      expectError(await postTarget(`{"name":"deep","rule":${within}}`), 400, 'INVALID_RULE');
      expect(await snapshot()).toEqual(before);
      await expectHealthy();
    });

    it('answers 413 PAYLOAD_TOO_LARGE to a JSON body over 10 MB, and stays healthy', async () => {
      const res = await postTarget(JSON.stringify({ name: 'x'.repeat(11 * 1024 * 1024), rule: { all: [] } }));
      expectError(res, 413, 'PAYLOAD_TOO_LARGE');
      await expectHealthy();
    });

    it('answers 403 INVALID_LINK to report tokens that are not base64url JSON claims, even when signed', async () => {
      const secret = importer.app.get(AppConfig).SIGNING_SECRET;
      const signed = (text: string) => {
        const payload = Buffer.from(text).toString('base64url');
        return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
      };
      for (const token of ['%7B%7D', 'not-a-token', 'a.b.c', signed('not json {'), signed('null'), signed('[]')]) {
        const res = await importClient(importer.url).GET('/reports/{token}', { params: { path: { token } } });
        expectError(res, 403, 'INVALID_LINK');
      }
      await expectHealthy();
    });
  });

  it('leaves no import unfinished and no orphan upload', async () => {
    const open = await db.query(`SELECT id, status FROM imports WHERE status IN ('queued', 'running')`);
    expect(open).toEqual([]);
    const stored: { stored_name: string }[] = await db.query('SELECT stored_name FROM imports');
    const names = new Set(stored.map((row) => row.stored_name));
    const orphans = readdirSync(join(filesDir, 'imports')).filter(
      (name) => name.endsWith('.upload') && !names.has(name),
    );
    expect(orphans).toEqual([]);
  });
});
