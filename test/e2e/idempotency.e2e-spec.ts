import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { templateHeader } from '@app/csv-schema';
import type { RunningApp } from '../utils';
import { clientsFor, createInstitution, expectStatus, isolateTestFile, seed, startApp } from '../utils';
import { TARGETS_APP, TargetsAppModule } from '../../apps/targets/src/targets-app.module';
import {
  TEMPLATE_EXPORT_APP,
  TemplateExportAppModule,
} from '../../apps/template-export/src/template-export-app.module';
import { IMPORT_APP, ImportAppModule } from '../../apps/import/src/import-app.module';
import { csvBytes, upload, waitImport } from '../../apps/import/test/import-helpers';

/**
 * Double (and quintuple, simultaneous) submits with one Idempotency-Key give one job, per institution; a replay says
 * so (Idempotent-Replayed: true) and the same key with another request is a 422; both apps take keys of up to 255
 * characters and refuse longer ones with the same 400.
 */
describe('Idempotency-Key on POST /imports and POST /template-exports', () => {
  let targets: RunningApp;
  let importer: RunningApp;
  let exporter: RunningApp;
  let filesDir: string;
  let key: string;
  let otherKey: string;
  let ids: number[];

  beforeAll(async () => {
    ({ filesDir } = isolateTestFile());
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    importer = await startApp(ImportAppModule, IMPORT_APP);
    exporter = await startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP);
    key = (await createInstitution(targets.url)).apiKey;
    otherKey = (await createInstitution(targets.url)).apiKey;
    ({ contactIds: ids } = await seed(targets.url, key, {
      criteria: [{ code: 'MUSIC', multiValued: true, values: ['JAZZ', 'ROCK'] }],
      contacts: [{ firstName: 'F', lastName: 'L', email: 'l@example.org', criteria: { MUSIC: ['JAZZ'] } }],
    }));
  });
  afterAll(async () => {
    await exporter?.close();
    await importer?.close();
    await targets?.close();
  });

  it('five simultaneous uploads with one key make one import, applied once, with one stored file', async () => {
    const file = await csvBytes(templateHeader('criteria', ['MUSIC']), [
      [String(ids[0]), 'L', 'F', 'l@example.org', 'JAZZ', 'ROCK'],
    ]);
    const headers = { 'idempotency-key': 'double-submit-1' };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        upload(importer.url, key, file, { dataType: 'criteria', mode: 'apply' }, 'x.csv', headers),
      ),
    );
    expect(answers.map((res) => res.response.status)).toEqual([202, 202, 202, 202, 202]);
    const id = answers[0].data!.id;
    expect(answers.every((res) => res.data!.id === id)).toBe(true);
    // One made the import; the four others, however they raced it, are replays and say so.
    expect(answers.filter((res) => res.response.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
    expect(await waitImport(importer.url, key, id)).toMatchObject({ status: 'completed', counts: { applied: 1 } });
    const db = importer.app.get(DataSource);
    expect(
      Number((await db.query(`SELECT COUNT(*) AS n FROM imports WHERE idempotency_key = 'double-submit-1'`))[0].n),
    ).toBe(1);
    expect(Number((await db.query('SELECT COUNT(*) AS n FROM import_changes WHERE import_id = ?', [id]))[0].n)).toBe(1);
    expect(readdirSync(join(filesDir, 'imports')).filter((name) => name.endsWith('.upload'))).toHaveLength(1);
    // The same key from another institution is another import.
    const other = await upload(
      importer.url,
      otherKey,
      file,
      { dataType: 'criteria', mode: 'validate' },
      'x.csv',
      headers,
    );
    expect(expectStatus(other, 202).id).not.toBe(id);
  });

  it('five simultaneous export requests with one key make one export', async () => {
    const api = clientsFor({ targets, exports: exporter }, key);
    const target = expectStatus(await api.targets.POST('/targets', { body: { name: 'All', rule: { all: [] } } }), 201);
    const params = { header: { 'idempotency-key': 'double-submit-2' } };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        api.exports.POST('/template-exports', { params, body: { dataType: 'criteria', targetId: target.id } }),
      ),
    );
    expect(answers.map((res) => res.response.status)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(answers.map((res) => res.data!.id)).size).toBe(1);
    expect(answers.filter((res) => res.response.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
    const db = exporter.app.get(DataSource);
    expect(
      Number(
        (await db.query(`SELECT COUNT(*) AS n FROM template_exports WHERE idempotency_key = 'double-submit-2'`))[0].n,
      ),
    ).toBe(1);
  });

  it('replays an export for the same request, marked Idempotent-Replayed, and refuses the key for another one', async () => {
    const api = clientsFor({ targets, exports: exporter }, key);
    const target = expectStatus(await api.targets.POST('/targets', { body: { name: 'Same', rule: { all: [] } } }), 201);
    const params = { header: { 'idempotency-key': 'export-replay' } };
    const first = await api.exports.POST('/template-exports', {
      params,
      body: { dataType: 'criteria', targetId: target.id, fields: ['MUSIC'], locale: 'en' },
    });
    const id = expectStatus(first, 202).id;
    expect(first.response.headers.get('idempotent-replayed')).toBeNull();
    // The same request, its properties in another order and a default spelled out: a replay.
    const again = await api.exports.POST('/template-exports', {
      params,
      body: { locale: 'en', delimiter: ',', fields: ['MUSIC'], targetId: target.id, dataType: 'criteria' },
    });
    expect(expectStatus(again, 202).id).toBe(id);
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');

    const other = await api.exports.POST('/template-exports', {
      params,
      body: { dataType: 'authorizations', targetId: target.id, format: 'xlsx' },
    });
    expect(other.response.status).toBe(422);
    expect(other.error).toEqual({
      statusCode: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
      message: expect.stringContaining(`already used for template export ${id}, with another request`),
    });
    const db = exporter.app.get(DataSource);
    expect(
      Number(
        (await db.query(`SELECT COUNT(*) AS n FROM template_exports WHERE idempotency_key = 'export-replay'`))[0].n,
      ),
    ).toBe(1);
  });

  it('replays an upload of the same file and fields, and refuses the key for another file or other fields, keeping no upload', async () => {
    const file = await csvBytes(templateHeader('criteria', ['MUSIC']), [
      [String(ids[0]), 'L', 'F', 'l@example.org', 'JAZZ', 'JAZZ'],
    ]);
    const otherFile = await csvBytes(templateHeader('criteria', ['MUSIC']), [
      [String(ids[0]), 'L', 'F', 'l@example.org', 'JAZZ', 'ROCK'],
    ]);
    const headers = { 'idempotency-key': 'import-replay' };
    const fields = { dataType: 'criteria', mode: 'validate' };
    const first = await upload(importer.url, key, file, fields, 'x.csv', headers);
    const id = expectStatus(first, 202).id;
    expect(first.response.headers.get('idempotent-replayed')).toBeNull();
    // The same bytes under another name are the same request.
    const again = await upload(importer.url, key, file, fields, 'renamed.csv', headers);
    expect(expectStatus(again, 202).id).toBe(id);
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');

    const uploads = () => readdirSync(join(filesDir, 'imports')).filter((name) => name.endsWith('.upload')).length;
    const kept = uploads();
    const anotherFile = await upload(importer.url, key, otherFile, fields, 'x.csv', headers);
    const otherFields = await upload(importer.url, key, file, { ...fields, mode: 'apply' }, 'x.csv', headers);
    for (const refused of [anotherFile, otherFields]) {
      expect(refused.response.status).toBe(422);
      expect(refused.error).toEqual({
        statusCode: 422,
        code: 'IDEMPOTENCY_KEY_REUSED',
        message: expect.stringContaining(`already used for import ${id}, with another request`),
      });
    }
    expect(uploads()).toBe(kept);
    expect(await waitImport(importer.url, key, id)).toMatchObject({ status: 'validated', mode: 'validate' });
  });

  it('a 255-character key works on both; a 256-character one gets the same 400 from both, and no upload is kept', async () => {
    const api = clientsFor({ targets, exports: exporter }, key);
    const target = expectStatus(await api.targets.POST('/targets', { body: { name: 'Keys', rule: { all: [] } } }), 201);
    const file = await csvBytes(templateHeader('criteria', ['MUSIC']), [
      [String(ids[0]), 'L', 'F', 'l@example.org', 'JAZZ', 'JAZZ'],
    ]);
    const createImport = (header: string) =>
      upload(importer.url, key, file, { dataType: 'criteria', mode: 'validate' }, 'x.csv', {
        'idempotency-key': header,
      });
    const createExport = (header: string) =>
      api.exports.POST('/template-exports', {
        params: { header: { 'idempotency-key': header } },
        body: { dataType: 'criteria', targetId: target.id },
      });

    const longest = 'k'.repeat(254) + '1';
    const firstImport = expectStatus(await createImport(longest), 202).id;
    // Spaces around the key are not part of it.
    expect(expectStatus(await createImport(` ${longest} `), 202).id).toBe(firstImport);
    const firstExport = expectStatus(await createExport(longest), 202).id;
    expect(expectStatus(await createExport(longest), 202).id).toBe(firstExport);
    const stored = await importer.app
      .get(DataSource)
      .query('SELECT idempotency_key AS k FROM imports WHERE id = ?', [firstImport]);
    expect(stored[0].k).toBe(longest);

    const uploads = () => readdirSync(join(filesDir, 'imports')).filter((name) => name.endsWith('.upload')).length;
    const kept = uploads();
    const tooLong = 'k'.repeat(255) + '2';
    const refusedImport = await createImport(tooLong);
    const refusedExport = await createExport(tooLong);
    expect(refusedImport.response.status).toBe(400);
    expect(refusedExport.response.status).toBe(400);
    const body = {
      statusCode: 400,
      code: 'INVALID_IDEMPOTENCY_KEY',
      message: expect.stringContaining('at most 255 characters (it has 256)'),
    };
    expect(refusedImport.error).toEqual(body);
    expect(refusedExport.error).toEqual(refusedImport.error);
    expect(uploads()).toBe(kept);
  });
});
