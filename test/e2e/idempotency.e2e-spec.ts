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
 * Double (and quintuple, simultaneous) submits with one Idempotency-Key give one job, per institution;
 * both apps take keys of up to 255 characters and refuse longer ones with the same 400.
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
    const db = exporter.app.get(DataSource);
    expect(
      Number(
        (await db.query(`SELECT COUNT(*) AS n FROM template_exports WHERE idempotency_key = 'double-submit-2'`))[0].n,
      ),
    ).toBe(1);
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
