import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { DEV_SIGNING_SECRET, signLink } from '@app/common';
import { templateHeader } from '@app/csv-schema';
import { JobName, QueueName } from '@app/queues';
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
import { IMPORT_APP, ImportAppModule } from '../src/import-app.module';
import { csvBytes, parseCsv, report, runImport, upload, waitImport, zipOf } from './import-helpers';

describe('import lifecycle: limits, notifications, cancel, resume', () => {
  let targets: RunningApp;
  let importer: RunningApp;
  let key: string;
  let ids: number[];
  let api: Clients;
  const header = templateHeader('criteria', ['MUSIC']);

  const music = async (id: number) =>
    expectStatus(await api.targets.GET('/contacts/{id}', { params: { path: { id } } }), 200).criteria.MUSIC;

  beforeAll(async () => {
    isolateTestFile({
      MAX_UPLOAD_BYTES: '4096',
      IMPORT_BATCH_SIZE: '1',
      PUBLIC_URL_IMPORT: 'http://import.example.org',
    });
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    importer = await startApp(ImportAppModule, IMPORT_APP);
    key = (await createInstitution(targets.url)).apiKey;
    api = clientsFor({ targets, imports: importer }, key);
    ({ contactIds: ids } = await seed(targets.url, key, {
      criteria: [{ code: 'MUSIC', multiValued: true, values: ['JAZZ', 'ROCK', 'POP'] }],
      contacts: [1, 2, 3, 4].map((i) => ({
        firstName: `F${letters(i)}`,
        lastName: `L${letters(i)}`,
        email: `l${i}@example.org`,
        criteria: { MUSIC: ['JAZZ'] },
      })),
    }));
  });
  afterAll(async () => {
    await importer?.close();
    await targets?.close();
  });

  it('answers 413 with the JSON error body beyond MAX_UPLOAD_BYTES', async () => {
    const big = await csvBytes(
      header,
      Array.from({ length: 200 }, (_, i) => [String(i + 1), 'Name', 'First', 'someone@example.org', 'JAZZ', 'JAZZ']),
    );
    const res = await upload(importer.url, key, big, { dataType: 'criteria', mode: 'validate' });
    expect(res.response.status).toBe(413);
    expect(bodyOf(res)).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('queues an import.completed notification whose signed link serves the report (403 tampered, 410 expired)', async () => {
    const file = await csvBytes(header, [[String(ids[0]), 'Lb', 'Fb', 'l1@example.org', 'JAZZ', 'NOPE']]);
    const done = await runImport(importer.url, key, file, {
      dataType: 'criteria',
      mode: 'validate',
      email: 'marketing@example.org',
      locale: 'en',
    });
    expect(done.status).toBe('validated');
    const notifications = importer.app.get<Queue>(getQueueToken(QueueName.Notifications));
    const job = await waitFor(
      async () => (await notifications.getJob(`import:${done.id}:validate:validated`)) ?? undefined,
      'the notification job',
    );
    expect(job.data).toMatchObject({
      type: 'import.completed',
      to: 'marketing@example.org',
      locale: 'en',
      importId: done.id,
      mode: 'validate',
      counts: { rows: 1, errorRows: 1 },
      issueCount: 1,
      reportPath: `reports/import-${done.id}.csv`,
    });
    expect(job.data.firstIssues).toEqual([
      expect.objectContaining({ line: 2, code: 'UNKNOWN_VALUE_CODE', column: '[new] MUSIC', value: 'NOPE' }),
    ]);
    const path = new URL(job.data.reportUrl).pathname;
    expect(job.data.reportUrl.startsWith('http://import.example.org/reports/')).toBe(true);
    expect(path).toMatch(/^\/reports\/[^/]+$/);
    const token = path.split('/').pop()!;
    // The link works without an API key.
    const byLink = clientsFor({ imports: importer }).imports;
    const viaLink = await byLink.GET('/reports/{token}', { params: { path: { token } }, parseAs: 'arrayBuffer' });
    expect(viaLink.response.status).toBe(200);
    expect((await parseCsv(Buffer.from(viaLink.data!)))[1].slice(0, 5)).toEqual([
      '2',
      String(ids[0]),
      '[new] MUSIC',
      'NOPE',
      'UNKNOWN_VALUE_CODE',
    ]);
    expect((await byLink.GET('/reports/{token}', { params: { path: { token: `${token}x` } } })).response.status).toBe(
      403,
    );
    const expired = signLink(
      {
        kind: 'import-report',
        id: done.id,
        institutionId: job.data.institutionId,
        exp: Math.floor(Date.now() / 1000) - 10,
      },
      DEV_SIGNING_SECRET,
    );
    expect((await byLink.GET('/reports/{token}', { params: { path: { token: expired } } })).response.status).toBe(410);
  });

  it('cancels a queued import at once and never runs it', async () => {
    const queue = importer.app.get<Queue>(getQueueToken(QueueName.Import));
    await queue.pause(true);
    try {
      const file = await csvBytes(header, [[String(ids[1]), 'Lc', 'Fc', 'l2@example.org', 'JAZZ', 'POP']]);
      const res = await upload(importer.url, key, file, { dataType: 'criteria', mode: 'apply' });
      const byId = { params: { path: { id: expectStatus(res, 202).id } } };
      const cancel = await api.imports.POST('/imports/{id}/cancel', byId);
      expect(cancel.response.status).toBe(202);
      expect(cancel.data?.status).toBe('cancelled');
      expect((await api.imports.POST('/imports/{id}/cancel', byId)).response.status).toBe(409);
    } finally {
      await queue.resume(true);
    }
    const after = await runImport(importer.url, key, await csvBytes(header, []), {
      dataType: 'criteria',
      mode: 'validate',
    });
    expect(after.status).toBe('validated');
    expect(await music(ids[1])).toEqual(['JAZZ']);
  });

  it('a zipped CSV ends with progress.total equal to the rows of its entry', async () => {
    const rows = ids.map((id, i) => [String(id), `L${i}`, `F${i}`, `l${i}@example.org`, 'JAZZ', 'JAZZ']);
    const zip = await zipOf([{ name: 'criteria.csv', data: await csvBytes(header, rows) }]);
    const done = await runImport(importer.url, key, zip, { dataType: 'criteria', mode: 'validate' }, 'criteria.zip');
    expect(done).toMatchObject({ status: 'validated', progress: { processed: 4, total: 4 }, counts: { rows: 4 } });
  });

  it('reverts only the fields that still hold what the import wrote, reporting the others as CHANGED_SINCE_IMPORT', async () => {
    const [a, b] = (
      await seed(targets.url, key, {
        contacts: [1, 2].map((i) => ({
          firstName: `R${letters(i)}`,
          lastName: `Rev${letters(i)}`,
          email: `r${i}@example.org`,
          criteria: { MUSIC: ['JAZZ'] },
        })),
      })
    ).contactIds;
    const first = await runImport(
      importer.url,
      key,
      await csvBytes(
        header,
        [a, b].map((id) => [String(id), '', '', '', 'JAZZ', 'POP']),
      ),
      { dataType: 'criteria', mode: 'apply' },
    );
    expect(first.counts).toMatchObject({ applied: 2 });
    const second = await runImport(
      importer.url,
      key,
      await csvBytes(header, [[String(b), '', '', '', 'POP', 'ROCK']]),
      { dataType: 'criteria', mode: 'apply' },
    );
    expect(second.counts).toMatchObject({ applied: 1 });
    expect(
      (await api.imports.POST('/imports/{id}/revert', { params: { path: { id: first.id } } })).response.status,
    ).toBe(202);
    expect((await waitImport(importer.url, key, first.id, ['reverted'])).status).toBe('reverted');
    expect([await music(a), await music(b)]).toEqual([['JAZZ'], ['ROCK']]);
    expect((await report(importer.url, key, first.id)).map((r) => [r.line, r.contact_id, r.code])).toEqual([
      [3, String(b), 'CHANGED_SINCE_IMPORT'],
    ]);
  });

  it('resumes an apply after the last committed batch: nothing applied twice, nothing lost', async () => {
    // Lines 2..5; line 6 repeats the contact of line 2, which was committed before the "crash".
    const rows = ids.map((id, i) => [String(id), `L${i}`, `F${i}`, `l${i}@example.org`, 'JAZZ', 'ROCK']);
    rows.push([String(ids[0]), 'L0', 'F0', 'l0@example.org', 'JAZZ', 'POP']);
    const first = await runImport(importer.url, key, await csvBytes(header, rows), {
      dataType: 'criteria',
      mode: 'validate',
    });
    expect(first.counts).toMatchObject({ rows: 5, errorRows: 1, changes: 4 });

    // A worker that died after committing lines 2 and 3: the same stored file, cursor at 3.
    const db = importer.app.get(DataSource);
    const [stored] = await db.query('SELECT institution_id, stored_name FROM imports WHERE id = ?', [first.id]);
    const inserted = await db.query(
      `INSERT INTO imports (institution_id, data_type, mode, status, original_name, stored_name, rows_count, valid_rows, changes, applied, processed, last_applied_line)
       VALUES (?, 'criteria', 'apply', 'running', 'resumed.csv', ?, 2, 2, 2, 2, 2, 3)`,
      [stored.institution_id, stored.stored_name],
    );
    const id = Number(inserted.insertId);
    const queue = importer.app.get<Queue>(getQueueToken(QueueName.Import));
    await queue.add(JobName.ProcessImport, { importId: id });
    const done = await waitImport(importer.url, key, id);
    expect(done).toMatchObject({
      status: 'completed',
      counts: { rows: 5, validRows: 4, errorRows: 1, changes: 4, applied: 4 },
    });
    const changes = await db.query('SELECT contact_id, line FROM import_changes WHERE import_id = ? ORDER BY line', [
      id,
    ]);
    expect(changes.map((c: { line: number }) => c.line)).toEqual([4, 5]);
    expect((await report(importer.url, key, id)).map((r) => [r.line, r.code])).toEqual([[6, 'DUPLICATE_CONTACT']]);
    expect(await music(ids[0])).toEqual(['JAZZ']); // lines 2-3 were "already applied" by the dead worker: not re-applied
    expect(await music(ids[2])).toEqual(['ROCK']);
    expect(await music(ids[3])).toEqual(['ROCK']);
  });
});
