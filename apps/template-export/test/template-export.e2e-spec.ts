import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { parseString } from '@fast-csv/parse';
import * as yauzl from 'yauzl';
import { DEV_SIGNING_SECRET, signLink } from '@app/common';
import { QueueName, TemplateExportCompletedMessage, TemplateExportFailedMessage } from '@app/queues';
import { createInstitution, ContactInput, http, isolateTestFile, RunningApp, seed, startApp, waitFor } from '../../../test/utils';
import { TARGETS_APP, TargetsAppModule } from '../../targets/src/targets-app.module';
import { TEMPLATE_EXPORT_APP, TemplateExportAppModule } from '../src/template-export-app.module';
import { ExportCleanupService } from '../src/export-cleanup.service';

const IN_TARGET = 2000;
const OUTSIDE = 60;
const FIRST_NAMES = ['Élodie', 'Jean', '=SUM(A1)', 'Zoë', 'Ana, María', '"Quoted" Ñame'];
const COLORS = ['RED', 'GREEN', 'BLUE'];
const TASTES = [['ROCK', 'JAZZ', 'POP'], ['POP', 'JAZZ'], ['ROCK']];
const NEWSLETTER = [true, false, null];

function contact(i: number): ContactInput {
  const inside = i < IN_TARGET;
  return {
    firstName: FIRST_NAMES[i % FIRST_NAMES.length],
    lastName: inside ? `Nom${i}` : `Outside${i}`,
    email: `c${i}@example.org`,
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
const bool = (value: boolean | null | undefined) => (value === true ? 'TRUE' : value === false ? 'FALSE' : '');

async function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((ok, fail) => yauzl.fromBuffer(buffer, { lazyEntries: true }, (e, z) => (e ? fail(e) : ok(z!))));
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

  const api = (method: string, path: string, options: { json?: unknown; key?: string | null; headers?: Record<string, string> } = {}) =>
    http(method, `${exporter.url}${path}`, { key: options.key === null ? undefined : (options.key ?? key), json: options.json, headers: options.headers });

  async function finished(id: number) {
    return waitFor(async () => {
      const res = await api('GET', `/template-exports/${id}`);
      return ['completed', 'failed'].includes(res.body.status) ? res.body : undefined;
    }, `export ${id} to finish`, 60000);
  }

  /** Runs an export to completion and returns its one CSV entry. */
  async function exportCsv(json: Record<string, unknown>) {
    const created = await api('POST', '/template-exports', { json: { targetId, ...json } });
    expect(created.status).toBe(202);
    expect(created.body).toEqual({ id: expect.any(Number), status: 'queued' });
    const done = await finished(created.body.id);
    expect(done).toMatchObject({ status: 'completed', error: null });
    const file = await api('GET', `/template-exports/${created.body.id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/zip');
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${done.fileName}"`);
    const entries = await unzip(file.raw);
    expect(entries.size).toBe(1);
    const [[name, bytes]] = [...entries];
    expect(name).toMatch(new RegExp(`^template-${json.dataType}-${targetId}-\\d{8}-\\d{6}\\.csv$`));
    expect(done.fileName).toBe(name.replace(/\.csv$/, '.zip'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    // CRLF everywhere: no line feed without its carriage return (no cell holds a line break here).
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\n').slice(0, -1).every((line) => line.endsWith('\r'))).toBe(true);
    const rows = await parseCsv(text, (json.delimiter as string) ?? ',');
    return { id: created.body.id as number, done, header: rows[0], rows: rows.slice(1), raw: file.raw, text };
  }

  beforeAll(async () => {
    isolateTestFile();
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    exporter = await startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP);
    exportQueue = exporter.app.get(getQueueToken(QueueName.TemplateExport));
    notificationQueue = exporter.app.get(getQueueToken(QueueName.Notifications));

    key = (await createInstitution(targets.url)).apiKey;
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
    const target = await http('POST', `${targets.url}/targets`, {
      key,
      json: { name: 'Everyone but outsiders', rule: { not: { field: 'lastName', startsWith: 'Outside' } } },
    });
    expect(target.status).toBe(201);
    targetId = target.body.id;

    otherKey = (await createInstitution(targets.url)).apiKey;
    const other = await http('POST', `${targets.url}/targets`, { key: otherKey, json: { name: 'All', rule: { all: [] } } });
    expect(other.status).toBe(201);
    otherTargetId = other.body.id;
  });

  afterAll(async () => {
    await exporter?.close();
    await targets?.close();
  });

  it('exports criteria: exact header, sorted rows, [old] = [new] = current values, escaping, one row per contact of the target', async () => {
    const preview = await http('GET', `${targets.url}/targets/${targetId}/preview`, { key });
    expect(preview.status).toBe(200);
    expect(preview.body.count).toBe(IN_TARGET);

    const { done, header, rows, text } = await exportCsv({ dataType: 'criteria', email: 'marketing@example.org', locale: 'en' });
    expect(header).toEqual(['contact_id', 'last_name', 'first_name', 'email', '[old] COLOR', '[new] COLOR', '[old] TASTE', '[new] TASTE', '[old] ZONE', '[new] ZONE']);
    expect(rows).toHaveLength(preview.body.count);
    expect(done).toMatchObject({ rowCount: IN_TARGET, progress: { processed: IN_TARGET, total: IN_TARGET }, dataType: 'criteria', targetId });
    expect(rows.map((row) => Number(row[0]))).toEqual(contactIds.slice(0, IN_TARGET).sort((a, b) => a - b));

    const byId = new Map(contactIds.map((id, i) => [id, i]));
    for (const row of rows) {
      const i = byId.get(Number(row[0]))!;
      const input = contact(i);
      const color = input.criteria!.COLOR?.[0] ?? '';
      const taste = [...(input.criteria!.TASTE ?? [])].sort().join('|');
      const zone = input.criteria!.ZONE?.[0] ?? '';
      expect(row).toEqual([String(contactIds[i]), input.lastName, escaped(input.firstName), input.email, color, color, taste, taste, zone, zone]);
    }
    // The formula-like name is escaped in the file itself; a name with the delimiter or quotes is quoted.
    expect(text).toContain(",'=SUM(A1),");
    expect(text).toContain(',"Ana, María",');
    expect(text).toContain(',"""Quoted"" Ñame",');

    // The values are the current ones: spot-check against the targets API.
    const sample = await http('GET', `${targets.url}/contacts/${contactIds[3]}`, { key });
    const row3 = rows.find((row) => Number(row[0]) === contactIds[3])!;
    expect(row3[6]).toBe([...sample.body.criteria.TASTE].sort().join('|'));
  });

  it('exports a sparse target (values joined in the database) with the same rows as its preview', async () => {
    const sparse = await http('POST', `${targets.url}/targets`, { key, json: { name: 'Zone 007', rule: { criterion: 'ZONE', in: ['007'] } } });
    expect(sparse.status).toBe(201);
    const preview = await http('GET', `${targets.url}/targets/${sparse.body.id}/preview`, { key });
    const expected = contactIds.map((id, i) => ({ id, i })).filter(({ i }) => i % 7 === 0);
    expect(preview.body.count).toBe(expected.length);
    const created = await api('POST', '/template-exports', { json: { dataType: 'criteria', targetId: sparse.body.id, fields: ['ZONE', 'TASTE'] } });
    const done = await finished(created.body.id);
    expect(done).toMatchObject({ status: 'completed', rowCount: expected.length });
    const entries = await unzip((await api('GET', `/template-exports/${created.body.id}/file`)).raw);
    const [bytes] = [...entries.values()];
    const [header, ...rows] = await parseCsv(bytes.subarray(3).toString('utf8'), ',');
    expect(header).toEqual(['contact_id', 'last_name', 'first_name', 'email', '[old] TASTE', '[new] TASTE', '[old] ZONE', '[new] ZONE']);
    expect(rows).toEqual(
      expected.map(({ id, i }) => {
        const taste = [...(contact(i).criteria!.TASTE ?? [])].sort().join('|');
        return [String(id), contact(i).lastName, escaped(contact(i).firstName), contact(i).email, taste, taste, '007', '007'];
      }),
    );
  });

  it('exports a subset of authorizations with ";" and announces the file with a signed link that works without a key', async () => {
    const { id, header, rows, raw } = await exportCsv({ dataType: 'authorizations', fields: ['SMS', 'NEWSLETTER'], delimiter: ';', email: 'ops@example.org' });
    expect(header).toEqual(['contact_id', 'last_name', 'first_name', 'email', '[old] NEWSLETTER', '[new] NEWSLETTER', '[old] SMS', '[new] SMS']);
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
    expect(message).toMatchObject({ type: 'template-export.completed', to: 'ops@example.org', exportId: id, targetId, rowCount: IN_TARGET, dataType: 'authorizations' });
    const path = new URL(message.downloadUrl).pathname;
    expect(path).toMatch(/^\/downloads\/[\w-]+\.[\w-]+$/);

    const viaLink = await api('GET', path, { key: null });
    expect(viaLink.status).toBe(200);
    expect(viaLink.headers.get('content-type')).toBe('application/zip');
    expect(viaLink.raw.equals(raw)).toBe(true);

    const token = path.split('/').pop()!;
    const [payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const forged = `${Buffer.from(JSON.stringify({ ...claims, id: claims.id + 1 })).toString('base64url')}.${signature}`;
    const tampered = await api('GET', `/downloads/${forged}`, { key: null });
    expect(tampered.status).toBe(403);
    expect(tampered.body.code).toBe('INVALID_LINK');
    expect(tampered.raw.length).toBeLessThan(1000);

    const expiredToken = signLink({ ...claims, exp: Math.floor(Date.now() / 1000) - 1 }, DEV_SIGNING_SECRET);
    const expired = await api('GET', `/downloads/${expiredToken}`, { key: null });
    expect(expired.status).toBe(410);
    expect(expired.body.code).toBe('LINK_EXPIRED');
  });

  it('exports contacts as [old]/[new] pairs of their fields', async () => {
    const { header, rows } = await exportCsv({ dataType: 'contacts' });
    expect(header).toEqual(['contact_id', '[old] first_name', '[new] first_name', '[old] last_name', '[new] last_name', '[old] email', '[new] email']);
    expect(rows).toHaveLength(IN_TARGET);
    const byId = new Map(contactIds.map((cid, i) => [cid, i]));
    for (const row of rows) {
      const input = contact(byId.get(Number(row[0]))!);
      const first = escaped(input.firstName);
      expect(row.slice(1)).toEqual([first, first, input.lastName, input.lastName, input.email, input.email]);
    }
  });

  it('answers the same export for the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    const first = await api('POST', '/template-exports', { json: { dataType: 'contacts', targetId, fields: ['email'] }, headers });
    const second = await api('POST', '/template-exports', { json: { dataType: 'contacts', targetId, fields: ['email'] }, headers });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.id).toBe(first.body.id);
    expect((await finished(first.body.id)).status).toBe('completed');
  });

  it('fails with a readable message when the target is deleted before the job runs, and says so by e-mail', async () => {
    const target = await http('POST', `${targets.url}/targets`, { key, json: { name: 'Doomed', rule: { all: [] } } });
    expect(target.status).toBe(201);
    await exportQueue.pause(false);
    let id: number;
    try {
      const created = await api('POST', '/template-exports', { json: { dataType: 'criteria', targetId: target.body.id, email: 'ops@example.org' } });
      expect(created.status).toBe(202);
      id = created.body.id;
      const notReady = await api('GET', `/template-exports/${id}/file`);
      expect(notReady.status).toBe(409);
      expect(notReady.body.code).toBe('EXPORT_NOT_READY');
      expect((await http('DELETE', `${targets.url}/targets/${target.body.id}`, { key })).status).toBeLessThan(300);
    } finally {
      await exportQueue.resume(false);
    }
    const done = await finished(id!);
    expect(done.status).toBe('failed');
    expect(done.error).toBe(`The target ${target.body.id} no longer exists; create the export again for an existing target`);
    const file = await api('GET', `/template-exports/${id!}/file`);
    expect(file.status).toBe(409);
    const job = await notificationQueue.getJob(`template-export:${id!}:failed`);
    expect((job!.data as TemplateExportFailedMessage)).toMatchObject({ type: 'template-export.failed', exportId: id!, error: done.error });
  });

  it('keeps institutions apart: 404 for another institution\'s export, file and target', async () => {
    const mine = await api('POST', '/template-exports', { json: { dataType: 'contacts', targetId } });
    expect(mine.status).toBe(202);
    await finished(mine.body.id);
    for (const path of [`/template-exports/${mine.body.id}`, `/template-exports/${mine.body.id}/file`]) {
      const res = await api('GET', path, { key: otherKey });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    const theirs = await api('POST', '/template-exports', { json: { dataType: 'contacts', targetId: otherTargetId } });
    expect(theirs.status).toBe(404);
    const unknown = await api('GET', '/template-exports/999999999');
    expect(unknown.status).toBe(404);
    expect((await api('GET', `/template-exports/${mine.body.id}`, { key: null })).status).toBe(401);
  });

  it('refuses unknown fields, a bad e-mail and an unknown format with 400 naming the problem', async () => {
    const fields = await api('POST', '/template-exports', { json: { dataType: 'criteria', targetId, fields: ['COLOR', 'NOPE', 'SMS'] } });
    expect(fields.status).toBe(400);
    expect(fields.body.code).toBe('UNKNOWN_FIELD');
    expect(fields.body.message).toContain('NOPE, SMS');
    const email = await api('POST', '/template-exports', { json: { dataType: 'criteria', targetId, email: 'not-an-email' } });
    expect(email.status).toBe(400);
    expect(email.body.message).toContain('email');
    const type = await api('POST', '/template-exports', { json: { dataType: 'orders', targetId } });
    expect(type.status).toBe(400);
    const format = await api('POST', '/template-exports', { json: { dataType: 'criteria', targetId, format: 'ods' } });
    expect(format.status).toBe(400);
  });

  it('deletes files past the retention period; the export stays completed and its file answers 410', async () => {
    const created = await api('POST', '/template-exports', { json: { dataType: 'contacts', targetId, fields: ['last_name'] } });
    const done = await finished(created.body.id);
    expect(done.status).toBe('completed');
    const cleanup = exporter.app.get(ExportCleanupService);
    expect(await cleanup.run(Date.now())).toEqual([]);
    const deleted = await cleanup.run(Date.now() + 8 * 24 * 3600 * 1000);
    expect(deleted).toContain(`${created.body.id}-${done.fileName}`);
    expect((await api('GET', `/template-exports/${created.body.id}`)).body.status).toBe('completed');
    const file = await api('GET', `/template-exports/${created.body.id}/file`);
    expect(file.status).toBe(410);
    expect(file.body.code).toBe('FILE_EXPIRED');
  });
});
