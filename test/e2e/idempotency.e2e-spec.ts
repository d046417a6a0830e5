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

/** Double (and quintuple, simultaneous) submits with one Idempotency-Key give one job, per institution. */
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
});
