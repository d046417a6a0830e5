import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { parseString } from '@fast-csv/parse';
import * as yauzl from 'yauzl';
import { CONTACT_FIELDS, templateHeader } from '@app/csv-schema';
import { DEV_SIGNING_SECRET, signLink } from '@app/common';
import type { TemplateExportCompletedMessage, TemplateExportFailedMessage } from '@app/queues';
import { QueueName } from '@app/queues';
import type { TargetsComponents, TemplateExportComponents } from '@app/api-client';
import type { Clients, RunningApp } from '../../../test/utils';
import {
  bodyOf,
  clientsFor,
  createInstitution,
  expectStatus,
  isolateTestFile,
  letters,
  seed,
  startApp,
  waitFor,
} from '../../../test/utils';
import { TARGETS_APP, TargetsAppModule } from '../../targets/src/targets-app.module';
import { IMPORT_APP, ImportAppModule } from '../../import/src/import-app.module';
import { csvBytes, parseCsv as readTemplate, report, runImport, unzipSingle } from '../../import/test/import-helpers';
import { TEMPLATE_EXPORT_APP, TemplateExportAppModule } from '../src/template-export-app.module';
import { ExportCleanupService } from '../src/export-cleanup.service';

const IN_TARGET = 2000;
const OUTSIDE = 60;
const FIRST_NAMES = ['Élodie', 'Jean', '=SUM(A:A)', 'Zoë', 'Ana, María', '"Quoted" Ñame'];
const COLORS = ['RED', 'GREEN', 'BLUE'];
const TASTES = [['ROCK', 'JAZZ', 'POP'], ['POP', 'JAZZ'], ['ROCK']];
const NEWSLETTER = [true, false, null];
const LANGUAGES = [null, 'fr', 'en', 'de', 'it'] as const;
const pad = (n: number) => String(n).padStart(2, '0');

type ContactInput = TargetsComponents['schemas']['CreateContactDto'];

function contact(i: number): ContactInput {
  const inside = i < IN_TARGET;
  return {
    firstName: FIRST_NAMES[i % FIRST_NAMES.length],
    lastName: inside ? `Nom${letters(i)}` : `Outside${letters(i)}`,
    email: `c${i}@example.org`,
    birthDate: i % 3 === 0 ? null : `19${40 + (i % 60)}-${pad(1 + (i % 12))}-${pad(1 + (i % 28))}`,
    language: LANGUAGES[i % LANGUAGES.length],
    phone: i % 4 === 1 ? null : `+4179${String(1000000 + i)}`,
    criteria: {
      ...(i % 4 === 0 ? {} : { COLOR: [COLORS[i % 3]] }),
      ...(i % 5 === 0 ? {} : { TASTE: TASTES[i % 3] }),
      ...(i % 7 === 0 ? { ZONE: ['007'] } : {}),
    },
    authorizations: { NEWSLETTER: NEWSLETTER[i % 3], ...(i % 2 ? { SMS: true } : {}) },
  };
}

/** What a template cell holds: formula-like text escaped with a leading quote. */
const escaped = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
type ExportRequest = TemplateExportComponents['schemas']['CreateTemplateExportDto'];

const bool = (value: boolean | null | undefined) => (value === true ? 'TRUE' : value === false ? 'FALSE' : '');

async function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((ok, fail) =>
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (e, z) => (e ? fail(e) : ok(z!))),
  );
  const entries = new Map<string, Buffer>();
  await new Promise<void>((ok, fail) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return fail(error);
        const chunks: Buffer[] = [];
        stream!.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream!.on('end', () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
        stream!.on('error', fail);
      });
    });
    zip.on('end', () => ok());
    zip.on('error', fail);
    zip.readEntry();
  });
  return entries;
}

async function parseCsv(text: string, delimiter: string): Promise<string[][]> {
  return new Promise((ok, fail) => {
    const rows: string[][] = [];
    parseString(text, { delimiter })
      .on('data', (row: string[]) => rows.push(row))
      .on('end', () => ok(rows))
      .on('error', fail);
  });
}

describe('template export', () => {
  let targets: RunningApp;
  let exporter: RunningApp;
  let key: string;
  let otherKey: string;
  let targetId: number;
  let otherTargetId: number;
  let contactIds: number[];
  let exportQueue: Queue;
  let notificationQueue: Queue;
  /** The apps as the institution under test calls them; `other` is another institution, `anonymous` sends no key. */
  let api: Clients;
  let other: Clients;
  let anonymous: Clients;

  const withId = (id: number) => ({ params: { path: { id } } });

  async function finished(id: number) {
    return waitFor(
      async () => {
        const view = expectStatus(await api.exports.GET('/template-exports/{id}', withId(id)), 200);
        return ['completed', 'failed'].includes(view.status) ? view : undefined;
      },
      `export ${id} to finish`,
      60000,
    );
  }

  /** Runs an export to completion and returns its one CSV entry. */
  async function exportCsv(json: Omit<ExportRequest, 'targetId'>) {
    const created = await api.exports.POST('/template-exports', { body: { targetId, ...json } });
    expect(created.response.status).toBe(202);
    expect(created.data).toEqual({ id: expect.any(Number), status: 'queued' });
    const id = created.data!.id;
    const done = await finished(id);
    expect(done).toMatchObject({ status: 'completed', error: null });
    const file = await api.exports.GET('/template-exports/{id}/file', { ...withId(id), parseAs: 'arrayBuffer' });
    expect(file.response.status).toBe(200);
    expect(file.response.headers.get('content-type')).toBe('application/zip');
    expect(file.response.headers.get('content-disposition')).toBe(`attachment; filename="${done.fileName}"`);
    const raw = Buffer.from(file.data!);
    const entries = await unzip(raw);
    expect(entries.size).toBe(1);
    const [[name, bytes]] = [...entries];
    expect(name).toMatch(new RegExp(`^template-${json.dataType}-${targetId}-\\d{8}-\\d{6}\\.csv$`));
    expect(done.fileName).toBe(name.replace(/\.csv$/, '.zip'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    // CRLF everywhere: no line feed without its carriage return (no cell holds a line break here).
    expect(text.endsWith('\r\n')).toBe(true);
    expect(
      text
        .split('\n')
        .slice(0, -1)
        .every((line) => line.endsWith('\r')),
    ).toBe(true);
    const rows = await parseCsv(text, json.delimiter ?? ',');
    return { id, done, header: rows[0], rows: rows.slice(1), raw, text };
  }

  beforeAll(async () => {
    isolateTestFile();
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    exporter = await startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP);
    exportQueue = exporter.app.get(getQueueToken(QueueName.TemplateExport));
    notificationQueue = exporter.app.get(getQueueToken(QueueName.Notifications));

    key = (await createInstitution(targets.url)).apiKey;
    api = clientsFor({ targets, exports: exporter }, key);
    anonymous = clientsFor({ targets, exports: exporter });
    const contacts = Array.from({ length: IN_TARGET + OUTSIDE }, (_, i) => contact(i));
    ({ contactIds } = await seed(targets.url, key, {
      criteria: [
        { code: 'TASTE', multiValued: true, values: ['JAZZ', 'POP', 'ROCK'] },
        { code: 'COLOR', multiValued: false, values: ['BLUE', 'GREEN', 'RED'] },
        { code: 'ZONE', multiValued: false, values: ['007', '12'] },
      ],
      authorizations: ['SMS', 'NEWSLETTER'],
      contacts,
    }));
    const target = await api.targets.POST('/targets', {
      body: { name: 'Everyone but outsiders', rule: { not: { field: 'lastName', startsWith: 'Outside' } } },
    });
    expect(target.response.status).toBe(201);
    targetId = target.data!.id;

    otherKey = (await createInstitution(targets.url)).apiKey;
    other = clientsFor({ targets, exports: exporter }, otherKey);
    const theirTarget = await other.targets.POST('/targets', { body: { name: 'All', rule: { all: [] } } });
    expect(theirTarget.response.status).toBe(201);
    otherTargetId = theirTarget.data!.id;
  });

  afterAll(async () => {
    await exporter?.close();
    await targets?.close();
  });

  it('exports criteria: exact header, sorted rows, [old] = [new] = current values, escaping, one row per contact of the target', async () => {
    const preview = expectStatus(await api.targets.GET('/targets/{id}/preview', withId(targetId)), 200);
    expect(preview.count).toBe(IN_TARGET);

    const { done, header, rows, text } = await exportCsv({
      dataType: 'criteria',
      email: 'marketing@example.org',
      locale: 'en',
    });
    expect(header).toEqual([
      'contact_id',
      'last_name',
      'first_name',
      'email',
      '[old] COLOR',
      '[new] COLOR',
      '[old] TASTE',
      '[new] TASTE',
      '[old] ZONE',
      '[new] ZONE',
    ]);
    expect(rows).toHaveLength(preview.count);
    expect(done).toMatchObject({
      rowCount: IN_TARGET,
      progress: { processed: IN_TARGET, total: IN_TARGET },
      dataType: 'criteria',
      targetId,
    });
    expect(rows.map((row) => Number(row[0]))).toEqual(contactIds.slice(0, IN_TARGET).sort((a, b) => a - b));

    const byId = new Map(contactIds.map((id, i) => [id, i]));
    for (const row of rows) {
      const i = byId.get(Number(row[0]))!;
      const input = contact(i);
      const color = input.criteria!.COLOR?.[0] ?? '';
      const taste = [...(input.criteria!.TASTE ?? [])].sort().join('|');
      const zone = input.criteria!.ZONE?.[0] ?? '';
      expect(row).toEqual([
        String(contactIds[i]),
        input.lastName,
        escaped(input.firstName),
        input.email,
        color,
        color,
        taste,
        taste,
        zone,
        zone,
      ]);
    }
    // The formula-like name is escaped in the file itself; a name with the delimiter or quotes is quoted.
    expect(text).toContain(",'=SUM(A:A),");
    expect(text).toContain(',"Ana, María",');
    expect(text).toContain(',"""Quoted"" Ñame",');

    // The values are the current ones: spot-check against the targets API.
    const sample = expectStatus(await api.targets.GET('/contacts/{id}', withId(contactIds[3])), 200);
    const row3 = rows.find((row) => Number(row[0]) === contactIds[3])!;
    expect(row3[6]).toBe([...sample.criteria.TASTE].sort().join('|'));
  });

  it('exports a sparse target (values joined in the database) with the same rows as its preview', async () => {
    const sparse = await api.targets.POST('/targets', {
      body: { name: 'Zone 007', rule: { criterion: 'ZONE', in: ['007'] } },
    });
    expect(sparse.response.status).toBe(201);
    const sparseId = sparse.data!.id;
    const preview = expectStatus(await api.targets.GET('/targets/{id}/preview', withId(sparseId)), 200);
    const expected = contactIds.map((id, i) => ({ id, i })).filter(({ i }) => i % 7 === 0);
    expect(preview.count).toBe(expected.length);
    const { id } = expectStatus(
      await api.exports.POST('/template-exports', {
        body: { dataType: 'criteria', targetId: sparseId, fields: ['ZONE', 'TASTE'] },
      }),
      202,
    );
    const done = await finished(id);
    expect(done).toMatchObject({ status: 'completed', rowCount: expected.length });
    const zip = expectStatus(
      await api.exports.GET('/template-exports/{id}/file', { ...withId(id), parseAs: 'arrayBuffer' }),
      200,
    );
    const entries = await unzip(Buffer.from(zip));
    const [bytes] = [...entries.values()];
    const [header, ...rows] = await parseCsv(bytes.subarray(3).toString('utf8'), ',');
    expect(header).toEqual([
      'contact_id',
      'last_name',
      'first_name',
      'email',
      '[old] TASTE',
      '[new] TASTE',
      '[old] ZONE',
      '[new] ZONE',
    ]);
    expect(rows).toEqual(
      expected.map(({ id, i }) => {
        const taste = [...(contact(i).criteria!.TASTE ?? [])].sort().join('|');
        return [
          String(id),
          contact(i).lastName,
          escaped(contact(i).firstName),
          contact(i).email,
          taste,
          taste,
          '007',
          '007',
        ];
      }),
    );
  });

  it('exports a subset of authorizations with ";" and announces the file with a signed link that works without a key', async () => {
    const { id, header, rows, raw } = await exportCsv({
      dataType: 'authorizations',
      fields: ['SMS', 'NEWSLETTER'],
      delimiter: ';',
      email: 'ops@example.org',
    });
    expect(header).toEqual([
      'contact_id',
      'last_name',
      'first_name',
      'email',
      '[old] NEWSLETTER',
      '[new] NEWSLETTER',
      '[old] SMS',
      '[new] SMS',
    ]);
    expect(rows).toHaveLength(IN_TARGET);
    const byId = new Map(contactIds.map((cid, i) => [cid, i]));
    for (const row of rows) {
      const input = contact(byId.get(Number(row[0]))!);
      const newsletter = bool(input.authorizations!.NEWSLETTER);
      const sms = bool(input.authorizations!.SMS);
      expect(row.slice(4)).toEqual([newsletter, newsletter, sms, sms]);
    }
    const onlySms = await exportCsv({ dataType: 'authorizations', fields: ['SMS'] });
    expect(onlySms.header).toEqual(['contact_id', 'last_name', 'first_name', 'email', '[old] SMS', '[new] SMS']);

    const job = await notificationQueue.getJob(`template-export:${id}:completed`);
    expect(job).not.toBeNull();
    const message = job!.data as TemplateExportCompletedMessage;
    expect(message).toMatchObject({
      type: 'template-export.completed',
      to: 'ops@example.org',
      exportId: id,
      targetId,
      rowCount: IN_TARGET,
      dataType: 'authorizations',
    });
    const path = new URL(message.downloadUrl).pathname;
    expect(path).toMatch(/^\/downloads\/[\w-]+\.[\w-]+$/);

    const download = (token: string) =>
      anonymous.exports.GET('/downloads/{token}', { params: { path: { token } }, parseAs: 'arrayBuffer' });
    const token = path.split('/').pop()!;
    const viaLink = await download(token);
    expect(viaLink.response.status).toBe(200);
    expect(viaLink.response.headers.get('content-type')).toBe('application/zip');
    expect(Buffer.from(viaLink.data!).equals(raw)).toBe(true);

    const [payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const forged = `${Buffer.from(JSON.stringify({ ...claims, id: claims.id + 1 })).toString('base64url')}.${signature}`;
    const tampered = await download(forged);
    expect(tampered.response.status).toBe(403);
    expect(bodyOf(tampered).code).toBe('INVALID_LINK');
    // A short JSON error, not a zip (openapi-fetch reads error bodies as text, then JSON).
    expect(tampered.response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Buffer.byteLength(JSON.stringify(tampered.error))).toBeLessThan(1000);

    const expiredToken = signLink({ ...claims, exp: Math.floor(Date.now() / 1000) - 1 }, DEV_SIGNING_SECRET);
    const expired = await download(expiredToken);
    expect(expired.response.status).toBe(410);
    expect(bodyOf(expired).code).toBe('LINK_EXPIRED');
  });

  it('exports contacts as [old]/[new] pairs of their fields', async () => {
    const { header, rows } = await exportCsv({ dataType: 'contacts' });
    // The header's spelling is pinned in template-header.spec; here: every contact field, in that order.
    expect(header).toEqual(templateHeader('contacts', CONTACT_FIELDS));
    expect(rows).toHaveLength(IN_TARGET);
    const byId = new Map(contactIds.map((cid, i) => [cid, i]));
    for (const row of rows) {
      const input = contact(byId.get(Number(row[0]))!);
      const first = escaped(input.firstName);
      const born = input.birthDate ?? '';
      const language = input.language ?? '';
      // A phone number starts with +: escaped like a formula in CSV, read back unescaped by the import.
      const phone = escaped(input.phone ?? '');
      expect(row.slice(1)).toEqual([
        first,
        first,
        input.lastName,
        input.lastName,
        input.email,
        input.email,
        born,
        born,
        language,
        language,
        phone,
        phone,
      ]);
    }
    expect(rows.filter((row) => row[7] === '').length).toBeGreaterThan(0);

    // A selection keeps the template's order, whatever the order asked for.
    const picked = await exportCsv({ dataType: 'contacts', fields: ['language', 'email', 'birth_date'] });
    expect(picked.header).toEqual([
      'contact_id',
      '[old] email',
      '[new] email',
      '[old] birth_date',
      '[new] birth_date',
      '[old] language',
      '[new] language',
    ]);
    const second = contact(1);
    expect(picked.rows.find((row) => Number(row[0]) === contactIds[1])).toEqual([
      String(contactIds[1]),
      second.email,
      second.email,
      second.birthDate,
      second.birthDate,
      second.language,
      second.language,
    ]);
  });

  it('a contacts template imports untouched with no change; edited birth date and language cells change exactly those', async () => {
    const importer = await startApp(ImportAppModule, IMPORT_APP);
    try {
      // An institution of its own: its contacts stay out of the other tests' target.
      const ownKey = (await createInstitution(targets.url)).apiKey;
      const own = clientsFor({ targets, exports: exporter, imports: importer }, ownKey);
      const people: ContactInput[] = [
        {
          firstName: 'Clara',
          lastName: 'Haskil',
          email: 'clara@example.org',
          birthDate: '1895-01-07',
          language: 'fr',
          phone: '+41223100000',
        },
        { firstName: 'Dinu', lastName: 'Lipatti', email: 'dinu@example.org', birthDate: '1917-03-19', language: null },
        { firstName: 'Edwin', lastName: 'Fischer', email: '', birthDate: null, language: 'de', phone: null },
      ];
      const { contactIds: ids } = await seed(targets.url, ownKey, { contacts: people });
      const allOfThem = expectStatus(
        await own.targets.POST('/targets', { body: { name: 'All', rule: { all: [] } } }),
        201,
      ).id;
      const { id } = expectStatus(
        await own.exports.POST('/template-exports', { body: { dataType: 'contacts', targetId: allOfThem } }),
        202,
      );
      await waitFor(async () => {
        const view = expectStatus(await own.exports.GET('/template-exports/{id}', withId(id)), 200);
        return view.status === 'completed' ? view : undefined;
      }, 'contacts export');
      const zip = expectStatus(
        await own.exports.GET('/template-exports/{id}/file', { ...withId(id), parseAs: 'arrayBuffer' }),
        200,
      );
      const template = await unzipSingle(Buffer.from(zip));
      const [header, ...rows] = await readTemplate(template);
      expect(rows).toEqual([
        [
          String(ids[0]),
          'Clara',
          'Clara',
          'Haskil',
          'Haskil',
          'clara@example.org',
          'clara@example.org',
          '1895-01-07',
          '1895-01-07',
          'fr',
          'fr',
          '+41223100000',
          '+41223100000',
        ],
        [
          String(ids[1]),
          'Dinu',
          'Dinu',
          'Lipatti',
          'Lipatti',
          'dinu@example.org',
          'dinu@example.org',
          '1917-03-19',
          '1917-03-19',
          '',
          '',
          '',
          '',
        ],
        [String(ids[2]), 'Edwin', 'Edwin', 'Fischer', 'Fischer', '', '', '', '', 'de', 'de', '', ''],
      ]);

      const untouched = await runImport(importer.url, ownKey, template, { dataType: 'contacts', mode: 'validate' });
      expect(untouched).toMatchObject({
        status: 'validated',
        fileErrors: [],
        counts: { rows: 3, validRows: 3, errorRows: 0, changes: 0, conflicts: 0 },
      });
      expect(await report(importer.url, ownKey, untouched.id)).toEqual([]);

      // The user's own spellings: a dd.mm.yyyy date, a language in capitals, a phone number with spaces.
      const edited = rows.map((row) => [...row]);
      edited[1][header.indexOf('[new] birth_date')] = '20.03.1917';
      edited[2][header.indexOf('[new] language')] = 'IT';
      edited[2][header.indexOf('[new] phone')] = '+49 30 1234 5678';
      const applied = await runImport(importer.url, ownKey, await csvBytes(header, edited), {
        dataType: 'contacts',
        mode: 'apply',
      });
      expect(applied).toMatchObject({
        status: 'completed',
        fileErrors: [],
        counts: { rows: 3, errorRows: 0, changes: 3, conflicts: 0, applied: 3 },
      });

      const read = async (contactId: number) =>
        expectStatus(await own.targets.GET('/contacts/{id}', withId(contactId)), 200);
      const [clara, dinu, edwin] = await Promise.all(ids.map(read));
      const fields = ({ firstName, lastName, email, birthDate, language, phone }: ContactInput) => ({
        firstName,
        lastName,
        email,
        birthDate,
        language,
        phone,
      });
      expect(fields(clara)).toEqual(people[0]);
      expect(fields(dinu)).toEqual({ ...people[1], birthDate: '1917-03-20', phone: null });
      expect(fields(edwin)).toEqual({ ...people[2], language: 'it', phone: '+493012345678' });
    } finally {
      await importer.close();
    }
  });

  it('answers the same export for the same Idempotency-Key', async () => {
    const body: ExportRequest = { dataType: 'contacts', targetId, fields: ['email'] };
    const header = { 'idempotency-key': `key-${Date.now()}` };
    const first = await api.exports.POST('/template-exports', { body, params: { header } });
    const second = await api.exports.POST('/template-exports', { body, params: { header } });
    expect(first.response.status).toBe(202);
    expect(second.response.status).toBe(202);
    expect(second.data!.id).toBe(first.data!.id);
    expect((await finished(first.data!.id)).status).toBe('completed');
  });

  it('fails with a readable message when the target is deleted before the job runs, and says so by e-mail', async () => {
    const target = await api.targets.POST('/targets', { body: { name: 'Doomed', rule: { all: [] } } });
    expect(target.response.status).toBe(201);
    const doomedId = target.data!.id;
    await exportQueue.pause(false);
    let id: number;
    try {
      const created = await api.exports.POST('/template-exports', {
        body: { dataType: 'criteria', targetId: doomedId, email: 'ops@example.org' },
      });
      expect(created.response.status).toBe(202);
      id = created.data!.id;
      const notReady = await api.exports.GET('/template-exports/{id}/file', { ...withId(id), parseAs: 'arrayBuffer' });
      expect(notReady.response.status).toBe(409);
      expect(bodyOf(notReady).code).toBe('EXPORT_NOT_READY');
      expect((await api.targets.DELETE('/targets/{id}', withId(doomedId))).response.status).toBeLessThan(300);
    } finally {
      await exportQueue.resume(false);
    }
    const done = await finished(id!);
    expect(done.status).toBe('failed');
    expect(done.error).toBe(`The target ${doomedId} no longer exists; create the export again for an existing target`);
    const file = await api.exports.GET('/template-exports/{id}/file', { ...withId(id!), parseAs: 'arrayBuffer' });
    expect(file.response.status).toBe(409);
    const job = await notificationQueue.getJob(`template-export:${id!}:failed`);
    expect(job!.data as TemplateExportFailedMessage).toMatchObject({
      type: 'template-export.failed',
      exportId: id!,
      error: done.error,
    });
  });

  it("keeps institutions apart: 404 for another institution's export, file and target", async () => {
    const mine = await api.exports.POST('/template-exports', { body: { dataType: 'contacts', targetId } });
    expect(mine.response.status).toBe(202);
    const id = mine.data!.id;
    await finished(id);
    for (const res of [
      await other.exports.GET('/template-exports/{id}', withId(id)),
      await other.exports.GET('/template-exports/{id}/file', { ...withId(id), parseAs: 'arrayBuffer' }),
    ]) {
      expect(res.response.status).toBe(404);
      expect(bodyOf(res).code).toBe('NOT_FOUND');
    }
    const theirs = await api.exports.POST('/template-exports', {
      body: { dataType: 'contacts', targetId: otherTargetId },
    });
    expect(theirs.response.status).toBe(404);
    const unknown = await api.exports.GET('/template-exports/{id}', withId(999999999));
    expect(unknown.response.status).toBe(404);
    expect((await anonymous.exports.GET('/template-exports/{id}', withId(id))).response.status).toBe(401);
  });

  it('refuses unknown fields, a bad e-mail and an unknown format with 400 naming the problem', async () => {
    const fields = await api.exports.POST('/template-exports', {
      body: { dataType: 'criteria', targetId, fields: ['COLOR', 'NOPE', 'SMS'] },
    });
    expect(fields.response.status).toBe(400);
    expect(bodyOf(fields).code).toBe('UNKNOWN_FIELD');
    expect(bodyOf(fields).message).toContain('NOPE, SMS');
    const email = await api.exports.POST('/template-exports', {
      body: { dataType: 'criteria', targetId, email: 'not-an-email' },
    });
    expect(email.response.status).toBe(400);
    expect(bodyOf(email).message).toContain('email');
    // Values outside the documented enums, sent on purpose.
    const type = await api.exports.POST('/template-exports', { body: { dataType: 'orders', targetId } as never });
    expect(type.response.status).toBe(400);
    const format = await api.exports.POST('/template-exports', {
      body: { dataType: 'criteria', targetId, format: 'ods' } as never,
    });
    expect(format.response.status).toBe(400);
  });

  it('deletes files past the retention period; the export stays completed and its file answers 410', async () => {
    const { id } = expectStatus(
      await api.exports.POST('/template-exports', { body: { dataType: 'contacts', targetId, fields: ['last_name'] } }),
      202,
    );
    const done = await finished(id);
    expect(done.status).toBe('completed');
    const cleanup = exporter.app.get(ExportCleanupService);
    expect(await cleanup.run(Date.now())).toEqual([]);
    const deleted = await cleanup.run(Date.now() + 8 * 24 * 3600 * 1000);
    expect(deleted).toContain(`${id}-${done.fileName}`);
    expect((await api.exports.GET('/template-exports/{id}', withId(id))).data?.status).toBe('completed');
    const file = await api.exports.GET('/template-exports/{id}/file', { ...withId(id), parseAs: 'arrayBuffer' });
    expect(file.response.status).toBe(410);
    expect(bodyOf(file).code).toBe('FILE_EXPIRED');
  });
});
