import { getQueueToken } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import { DataSource } from 'typeorm';
import { templateHeader } from '@app/csv-schema';
import { QueueName } from '@app/queues';
import type { RunningApp } from '../utils';
import {
  createInstitution,
  expectStatus,
  importClient,
  isolateTestFile,
  letters,
  seed,
  startApp,
  targetsClient,
  templateExportClient,
  waitFor,
} from '../utils';
import { TARGETS_APP, TargetsAppModule } from '../../apps/targets/src/targets-app.module';
import { IMPORT_APP, ImportAppModule } from '../../apps/import/src/import-app.module';
import { ImportLostJobs } from '../../apps/import/src/import-lost-jobs.service';
import {
  TEMPLATE_EXPORT_APP,
  TemplateExportAppModule,
} from '../../apps/template-export/src/template-export-app.module';
import { ExportLostJobs } from '../../apps/template-export/src/export-lost-jobs.service';
import { csvBytes, report, runImport, upload, waitImport } from '../../apps/import/test/import-helpers';

/**
 * Imports the database knows but Redis lost (a restart without persistence): requeued, or failed with a message; never
 * left running.
 */
describe('lost queue jobs', () => {
  let targets: RunningApp;
  let importer: RunningApp;
  let key: string;
  let institutionId: number;
  let ids: number[];
  const header = templateHeader('criteria', ['MUSIC']);
  const music = async (id: number) =>
    expectStatus(await targetsClient(targets.url, key).GET('/contacts/{id}', { params: { path: { id } } }), 200)
      .criteria.MUSIC;

  beforeAll(async () => {
    isolateTestFile();
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    importer = await startApp(ImportAppModule, IMPORT_APP);
    ({ apiKey: key, id: institutionId } = await createInstitution(targets.url));
    ({ contactIds: ids } = await seed(targets.url, key, {
      criteria: [{ code: 'MUSIC', multiValued: true, values: ['JAZZ', 'ROCK', 'POP'] }],
      contacts: [1, 2, 3].map((i) => ({
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

  /** Uploads an apply while the queue is paused, then deletes its Bull job: what a Redis restart leaves. */
  async function orphan(app: RunningApp, contactId: number, to: string): Promise<number> {
    const queue = app.app.get<Queue>(getQueueToken(QueueName.Import));
    await queue.pause(true);
    try {
      const res = await upload(
        app.url,
        key,
        await csvBytes(header, [[String(contactId), 'L', 'F', 'x@example.org', 'JAZZ', to]]),
        { dataType: 'criteria', mode: 'apply' },
      );
      const { id } = expectStatus(res, 202);
      const jobs = await queue.getJobs(['waiting', 'paused', 'delayed']);
      const mine = jobs.filter((job) => job && Number(job.data.importId) === id);
      expect(mine).toHaveLength(1);
      await mine[0].remove();
      await app.app
        .get(DataSource)
        .query('UPDATE imports SET created_at = NOW(3) - INTERVAL 2 MINUTE WHERE id = ?', [id]);
      return id;
    } finally {
      await queue.resume(true);
    }
  }

  /** What a job that failed every attempt leaves: taken by a worker, then failed for good; Bull keeps it as failed. */
  async function failForGood(queue: Queue, job: Job): Promise<void> {
    await queue.client.lrem(queue.toKey('paused'), 0, String(job.id));
    await queue.client.lrem(queue.toKey('wait'), 0, String(job.id));
    await queue.client.lpush(queue.toKey('active'), String(job.id));
    await job.discard();
    await job.moveToFailed({ message: 'Data too long for column' }, true);
  }

  it('requeues queued and running imports without a job, fails one whose file is gone, leaves none running', async () => {
    const db = importer.app.get(DataSource);
    const queued = await orphan(importer, ids[0], 'ROCK');
    const running = await orphan(importer, ids[1], 'POP');
    await db.query(`UPDATE imports SET status = 'running', started_at = NOW(3) WHERE id = ?`, [running]);
    const gone = await orphan(importer, ids[2], 'POP');
    await db.query(`UPDATE imports SET status = 'running', stored_name = 'deleted-long-ago.upload' WHERE id = ?`, [
      gone,
    ]);

    const result = await importer.app.get(ImportLostJobs).sweep(30, institutionId);
    expect(result.requeued.sort()).toEqual([queued, running].sort());
    expect(result.failed).toEqual([gone]);

    expect(await waitImport(importer.url, key, queued)).toMatchObject({ status: 'completed', counts: { applied: 1 } });
    expect(await waitImport(importer.url, key, running)).toMatchObject({ status: 'completed', counts: { applied: 1 } });
    const failed = await waitImport(importer.url, key, gone);
    expect(failed).toMatchObject({
      status: 'failed',
      fileErrors: [{ code: 'JOB_LOST', message: expect.stringContaining('upload the file again') }],
    });
    expect(await music(ids[0])).toEqual(['ROCK']);
    expect(await music(ids[1])).toEqual(['POP']);
    expect(await music(ids[2])).toEqual(['JAZZ']);
    // A second sweep finds nothing: no job doubled.
    expect(await importer.app.get(ImportLostJobs).sweep(30, institutionId)).toEqual({ requeued: [], failed: [] });
    expect(await db.query(`SELECT id FROM imports WHERE status IN ('queued', 'running')`)).toEqual([]);
  });

  it('an import waiting in its institution lane is queued, not lost: never doubled, and it runs in its turn', async () => {
    const db = importer.app.get(DataSource);
    const queue = importer.app.get<Queue>(getQueueToken(QueueName.Import));
    const file = await csvBytes(header, [[String(ids[0]), 'L', 'F', 'x@example.org', 'JAZZ', 'POP']]);
    const created: number[] = [];
    await queue.pause(true);
    try {
      // MAX_RUNNING_JOBS_PER_TENANT is 2: the third waits in the lane, with no Bull job.
      for (let n = 0; n < 3; n++)
        created.push(
          expectStatus(await upload(importer.url, key, file, { dataType: 'criteria', mode: 'validate' }), 202).id,
        );
      const held = (await queue.getJobs(['waiting', 'paused'])).map((job) => Number(job.data.importId));
      expect(held.filter((id) => created.includes(id)).sort()).toEqual(created.slice(0, 2).sort());
      await db.query('UPDATE imports SET created_at = NOW(3) - INTERVAL 2 MINUTE WHERE id IN (?)', [created]);
      expect(await importer.app.get(ImportLostJobs).sweep(30, institutionId)).toEqual({ requeued: [], failed: [] });
    } finally {
      await queue.resume(true);
    }
    for (const id of created) expect(await waitImport(importer.url, key, id)).toMatchObject({ status: 'validated' });
    const jobs = (await queue.getJobs(['completed', 'waiting', 'active', 'delayed', 'failed'])).filter(
      (job) => job && created.includes(Number(job.data.importId)),
    );
    expect(jobs).toHaveLength(3);
  });

  it('fails, never requeues, an import whose Bull job failed its last attempt', async () => {
    const db = importer.app.get(DataSource);
    const queue = importer.app.get<Queue>(getQueueToken(QueueName.Import));
    await queue.pause(true);
    let id: number;
    try {
      ({ id } = expectStatus(
        await upload(
          importer.url,
          key,
          await csvBytes(header, [[String(ids[0]), 'L', 'F', 'x@example.org', 'JAZZ', 'POP']]),
          {
            dataType: 'criteria',
            mode: 'apply',
          },
        ),
        202,
      ));
      const [job] = (await queue.getJobs(['waiting', 'paused'])).filter(
        (found) => found && Number(found.data.importId) === id,
      );
      await failForGood(queue, job);
      expect((await queue.getJobs(['failed'])).some((found) => found && found.id === job.id)).toBe(true);
      await db.query(`UPDATE imports SET status = 'running', created_at = NOW(3) - INTERVAL 2 MINUTE WHERE id = ?`, [
        id,
      ]);
    } finally {
      await queue.resume(true);
    }
    expect(await importer.app.get(ImportLostJobs).sweep(30, institutionId)).toEqual({ requeued: [], failed: [id] });
    expect(await waitImport(importer.url, key, id)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('unexpected error'),
      fileErrorsOmitted: 0,
    });
    expect(await importer.app.get(ImportLostJobs).sweep(30, institutionId)).toEqual({ requeued: [], failed: [] });
    const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'paused']);
    expect(jobs.filter((job) => job && Number(job.data.importId) === id)).toEqual([]);
  });

  it('a header of 1,000 empty cells ends failed with 100 file errors and the count of the rest, never requeued', async () => {
    const wide = `${header.join(',')}${','.repeat(1000)}`;
    const file = Buffer.from(`${wide}\r\n${ids[0]},L,F,x@example.org,JAZZ,POP\r\n`);
    const done = await runImport(importer.url, key, file, { dataType: 'criteria', mode: 'apply' });
    expect(done).toMatchObject({ status: 'failed', fileErrorsOmitted: 900 });
    expect(done.fileErrors).toHaveLength(100);
    expect(done.error!.length).toBeLessThan(16_000);
    expect((await report(importer.url, key, done.id)).filter((line) => line.code === 'EMPTY_HEADER')).toHaveLength(
      1000,
    );
    const db = importer.app.get(DataSource);
    await db.query('UPDATE imports SET created_at = NOW(3) - INTERVAL 2 MINUTE WHERE id = ?', [done.id]);
    expect(await importer.app.get(ImportLostJobs).sweep(30, institutionId)).toEqual({ requeued: [], failed: [] });
    expect(await waitImport(importer.url, key, done.id)).toMatchObject({ status: 'failed', fileErrorsOmitted: 900 });
  });

  it('requeues a lost revert as a revert, even one that had committed a batch, and it ends reverted with the old values back', async () => {
    const db = importer.app.get(DataSource);
    const queue = importer.app.get<Queue>(getQueueToken(QueueName.Import));
    const imports = importClient(importer.url, key);
    const [first, second] = [ids[0], ids[1]];
    const before = new Map([
      [first, await music(first)],
      [second, await music(second)],
    ]);
    const other = (values: string[]) => ['JAZZ', 'ROCK', 'POP'].find((value) => !values.includes(value))!;
    const row = (id: number, from: string[], to: string[]) => [
      String(id),
      'L',
      'F',
      'x@example.org',
      from.join('|'),
      to.join('|'),
    ];
    const applied = await runImport(
      importer.url,
      key,
      await csvBytes(header, [
        row(first, before.get(first)!, [other(before.get(first)!)]),
        row(second, before.get(second)!, [other(before.get(second)!)]),
      ]),
      { dataType: 'criteria', mode: 'apply' },
    );
    expect(applied).toMatchObject({ status: 'completed', counts: { applied: 2 } });
    expect(await music(first)).not.toEqual(before.get(first));

    // The revert is asked while the queue is paused, then its Bull job is deleted: a Redis restart.
    await queue.pause(true);
    try {
      expect(
        (await imports.POST('/imports/{id}/revert', { params: { path: { id: applied.id } } })).response.status,
      ).toBe(202);
      const jobs = (await queue.getJobs(['waiting', 'paused', 'delayed'])).filter(
        (job) => job && Number(job.data.importId) === applied.id,
      );
      expect(jobs).toHaveLength(1);
      await jobs[0].remove();
      // A revert, lost or not, runs to its end: cancelling it is refused, not silently ignored.
      const cancel = await imports.POST('/imports/{id}/cancel', { params: { path: { id: applied.id } } });
      expect(cancel.response.status).toBe(409);
      expect(cancel.error).toMatchObject({ code: 'REVERT_NOT_CANCELLABLE' });
    } finally {
      await queue.resume(true);
    }
    // What a first committed batch leaves: the first contact holds its old value again (written here
    // by another import) and its change is marked reverted; the resumed revert must skip it.
    expect(
      await runImport(importer.url, key, await csvBytes(header, [row(first, await music(first), before.get(first)!)]), {
        dataType: 'criteria',
        mode: 'apply',
      }),
    ).toMatchObject({
      status: 'completed',
      counts: { applied: 1 },
    });
    await db.query('UPDATE import_changes SET reverted = 1 WHERE import_id = ? AND contact_id = ?', [
      applied.id,
      first,
    ]);
    await db.query('UPDATE imports SET created_at = NOW(3) - INTERVAL 2 MINUTE WHERE id = ?', [applied.id]);

    expect(await importer.app.get(ImportLostJobs).sweep(30, institutionId)).toEqual({
      requeued: [applied.id],
      failed: [],
    });
    expect(await waitImport(importer.url, key, applied.id, ['reverted', 'completed', 'failed'])).toMatchObject({
      status: 'reverted',
      error: null,
    });
    expect(await music(first)).toEqual(before.get(first));
    expect(await music(second)).toEqual(before.get(second));
    // The skipped change was not looked at again (it would be CHANGED_SINCE_IMPORT had it been).
    expect(
      (await report(importer.url, key, applied.id)).filter((line) => line.code === 'CHANGED_SINCE_IMPORT'),
    ).toEqual([]);
    expect(await importer.app.get(ImportLostJobs).sweep(30, institutionId)).toEqual({ requeued: [], failed: [] });
  });

  /**
   * A template export left `running` two minutes ago whose Bull job is handled by `strand` (removed: lost; failed
   * for good: failed), the queue paused meanwhile so that no worker takes it.
   */
  async function strandedExport(exporter: RunningApp, name: string, strand: (queue: Queue, job: Job) => Promise<void>) {
    const queue = exporter.app.get<Queue>(getQueueToken(QueueName.TemplateExport));
    const exports = templateExportClient(exporter.url, key);
    const target = expectStatus(
      await targetsClient(targets.url, key).POST('/targets', { body: { name, rule: { all: [] } } }),
      201,
    );
    await queue.pause(true);
    try {
      const { id } = expectStatus(
        await exports.POST('/template-exports', { body: { dataType: 'criteria', targetId: target.id } }),
        202,
      );
      const jobs = (await queue.getJobs(['waiting', 'paused'])).filter(
        (job) => job && Number(job.data.exportId) === id,
      );
      expect(jobs).toHaveLength(1);
      await strand(queue, jobs[0]);
      await exporter.app
        .get(DataSource)
        .query(`UPDATE template_exports SET status = 'running', created_at = NOW(3) - INTERVAL 2 MINUTE WHERE id = ?`, [
          id,
        ]);
      return { id, exports };
    } finally {
      await queue.resume(true);
    }
  }

  it('requeues a template export whose job was lost, and it completes', async () => {
    const exporter = await startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP);
    try {
      const { id, exports } = await strandedExport(exporter, 'All', (_queue, job) => job.remove());
      expect(await exporter.app.get(ExportLostJobs).sweep(30, institutionId)).toEqual({ requeued: [id], failed: [] });
      const done = await waitFor(async () => {
        const view = expectStatus(await exports.GET('/template-exports/{id}', { params: { path: { id } } }), 200);
        return view.status === 'completed' || view.status === 'failed' ? view : undefined;
      }, 'the recovered export');
      expect(done).toMatchObject({ status: 'completed', error: null });
      const file = await exports.GET('/template-exports/{id}/file', {
        params: { path: { id } },
        parseAs: 'arrayBuffer',
      });
      expect(file.response.status).toBe(200);
    } finally {
      await exporter.close();
    }
  });

  it('fails, never requeues, a template export whose Bull job failed its last attempt', async () => {
    const exporter = await startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP);
    try {
      const { id, exports } = await strandedExport(exporter, 'Failed', failForGood);
      expect(await exporter.app.get(ExportLostJobs).sweep(30, institutionId)).toEqual({ requeued: [], failed: [id] });
      const view = expectStatus(await exports.GET('/template-exports/{id}', { params: { path: { id } } }), 200);
      expect(view).toMatchObject({ status: 'failed', error: expect.stringContaining('internal error') });
      expect(await exporter.app.get(ExportLostJobs).sweep(30, institutionId)).toEqual({ requeued: [], failed: [] });
    } finally {
      await exporter.close();
    }
  });

  it('finds a lost import at start-up and completes it', async () => {
    const lost = await orphan(importer, ids[2], 'ROCK');
    await importer.close();
    process.env.LOST_JOB_SWEEP = 'on';
    try {
      importer = await startApp(ImportAppModule, IMPORT_APP);
    } finally {
      process.env.LOST_JOB_SWEEP = 'off';
    }
    expect(await waitImport(importer.url, key, lost)).toMatchObject({ status: 'completed', counts: { applied: 1 } });
    expect(await music(ids[2])).toEqual(['ROCK']);
  });
});
