import Bull from 'bull';
import { DataSource } from 'typeorm';
import { JobName, QueueName } from '@app/queues';
import type { RunningApp } from '../utils';
import { createInstitution, expectStatus, importClient, isolateTestFile, startApp, waitFor } from '../utils';
import { TARGETS_APP, TargetsAppModule } from '../../apps/targets/src/targets-app.module';
import { upload } from '../../apps/import/test/import-helpers';
import { BUDGET_FILLING_TEXTS, sharedStringsWorkbook } from '../fixtures/bad-input/generated';
import { ImportWorker } from './worker';

/**
 * Crash loop: an upload that kills the import worker at the same point on every run is failed after the second
 * death, with its reason on the row and in an e-mail, and its Bull job failed for good; the worker started a third
 * time stays up. The upload is a real one: the workbook that test/chaos/corpus.chaos-spec.ts reads fine under
 * `npm start`, whose shared strings (read whole before the first row) take 94 % of MAX_XLSX_SHARED_STRING_BYTES,
 * given to a worker with half the heap that budget assumes (--max-old-space-size=64, not 128): V8 aborts the process
 * there, each time, before the first batch.
 */
const HEAP_CAP = '--max-old-space-size=64';

describe('chaos: a job that kills its worker twice at the same point is failed, not retried', () => {
  let targets: RunningApp;
  let worker: ImportWorker;
  let db: DataSource;
  let key: string;
  let queuePrefix: string;

  beforeAll(async () => {
    ({ queuePrefix } = isolateTestFile());
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    db = targets.app.get(DataSource);
    key = (await createInstitution(targets.url)).apiKey;
    // Bull's own bound (QUEUE_MAX_STALLED_COUNT) left at its default: the guard must stop the job long before.
    worker = new ImportWorker({ QUEUE_LOCK_DURATION_MS: '2000', QUEUE_STALLED_INTERVAL_MS: '1000' }, [HEAP_CAP]);
  }, 300000);
  afterAll(async () => {
    await worker?.stop();
    await targets?.close();
  });

  it('fails the import after two deaths at the same point, mails why, and fails its Bull job without a retry', async () => {
    const workbook = await sharedStringsWorkbook(...BUDGET_FILLING_TEXTS, '1');

    await worker.start();
    const { id } = expectStatus(
      await upload(
        worker.url,
        key,
        workbook,
        { dataType: 'criteria', mode: 'validate', email: 'ops@example.org', locale: 'en' },
        'template.xlsx',
      ),
      202,
    );
    const status = async () =>
      String((await db.query('SELECT status FROM imports WHERE id = ?', [id]))[0].status) as string;

    // Restarted after each death, as `npm start` does, until the import ends.
    const deaths: string[] = [];
    for (;;) {
      const outcome = await waitFor(
        async () => worker.ended() ?? (['queued', 'running'].includes(await status()) ? undefined : 'finished'),
        `import ${id} to end or to kill its worker`,
        240000,
        100,
      );
      if (outcome === 'finished') break;
      deaths.push(outcome);
      if (deaths.length > 2) throw new Error(`the worker died ${deaths.length} times: ${worker.stderr().slice(-2000)}`);
      await worker.start();
    }
    // Out of memory: V8 aborts.
    expect(deaths).toEqual(['SIGABRT', 'SIGABRT']);
    expect(worker.stderr()).toMatch(/heap out of memory/);

    const imp = expectStatus(
      await importClient(worker.url, key).GET('/imports/{id}', { params: { path: { id } } }),
      200,
    );
    expect({ status: imp.status, error: imp.error }).toEqual({
      status: 'failed',
      error: expect.stringMatching(
        /^The import stopped its worker twice at the same point \(before its first batch was saved\); it was not retried/,
      ),
    });

    const queue = (name: QueueName) =>
      new Bull(name, process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { prefix: queuePrefix });
    const imports = queue(QueueName.Import);
    const notifications = queue(QueueName.Notifications);
    try {
      // The e-mail, like any failure's.
      const mail = await notifications.getJob(`import:${id}:validate:failed`);
      expect(mail?.data).toMatchObject({
        type: 'import.failed',
        importId: id,
        to: 'ops@example.org',
        error: imp.error,
      });

      // Failed at its first attempt (5 allowed), with the reason; nothing left to run.
      const jobs = await imports.getJobs(['waiting', 'active', 'delayed', 'paused', 'failed', 'completed']);
      const mine = jobs.filter((job) => job?.name === JobName.ProcessImport && job.data.importId === id);
      expect(mine).toHaveLength(1);
      expect({
        state: await mine[0].getState(),
        reason: mine[0].failedReason,
        attemptsMade: mine[0].attemptsMade,
        attempts: mine[0].opts.attempts,
      }).toEqual({ state: 'failed', reason: imp.error, attemptsMade: 1, attempts: 5 });
    } finally {
      await imports.close();
      await notifications.close();
    }

    // The third worker never read the file: it is still up.
    expect(worker.ended()).toBeUndefined();
    expect((await importClient(worker.url).GET('/health')).response.status).toBe(200);
  }, 600000);
});
