import { getQueueToken } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import { templateHeader } from '@app/csv-schema';
import type { ProcessImportJob } from '@app/queues';
import { JobName, QueueName, TenantLanes } from '@app/queues';
import type { RunningApp } from '../../../test/utils';
import {
  createInstitution,
  expectStatus,
  importClient,
  isolateTestFile,
  letters,
  seed,
  startApp,
  waitFor,
} from '../../../test/utils';
import { TARGETS_APP, TargetsAppModule } from '../../targets/src/targets-app.module';
import { IMPORT_APP, ImportAppModule } from '../src/import-app.module';
import { csvBytes, upload, waitImport } from './import-helpers';

/**
 * Per-tenant fairness (MAX_RUNNING_JOBS_PER_TENANT): an institution that queues 20 imports holds 2 of the worker's 4
 * slots; another institution's one import starts at once, not after the 20.
 */
describe('per-tenant fairness of the import queue', () => {
  let targets: RunningApp;
  let importer: RunningApp;
  const header = templateHeader('criteria', ['MUSIC']);

  beforeAll(async () => {
    isolateTestFile({ MAX_RUNNING_JOBS_PER_TENANT: '2', IMPORT_CONCURRENCY: '4' });
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    importer = await startApp(ImportAppModule, IMPORT_APP);
  });
  afterAll(async () => {
    await importer?.close();
    await targets?.close();
  });

  /** An institution with one contact, and a validate file changing its MUSIC. */
  async function tenant(name: string) {
    const { id, apiKey } = await createInstitution(targets.url);
    const {
      contactIds: [contact],
    } = await seed(targets.url, apiKey, {
      criteria: [{ code: 'MUSIC', multiValued: true, values: ['JAZZ', 'ROCK'] }],
      contacts: [
        { firstName: `F${letters(1)}`, lastName: name, email: `${name}@example.org`, criteria: { MUSIC: ['JAZZ'] } },
      ],
    });
    const file = await csvBytes(header, [
      [String(contact), name, `F${letters(1)}`, `${name}@example.org`, 'JAZZ', 'ROCK'],
    ]);
    const queueImport = async () =>
      expectStatus(await upload(importer.url, apiKey, file, { dataType: 'criteria', mode: 'validate' }), 202).id;
    return { id, apiKey, queueImport };
  }

  it("tenant A queues 20 imports, tenant B's one import starts within one job slot; A never runs more than 2 at once", async () => {
    const a = await tenant('Alpha');
    const b = await tenant('Beta');
    const queue = importer.app.get<Queue<ProcessImportJob>>(getQueueToken(QueueName.Import));

    // Everything is queued before the worker takes any job, so the order is the queue's, not the clock's.
    await queue.pause(true);
    const aImports: number[] = [];
    let bImport: number;
    try {
      for (let n = 0; n < 20; n++) aImports.push(await a.queueImport());
      bImport = await b.queueImport();
      // Bull holds A's first 2 and B's; A's other 18 wait in A's lane, in order.
      const waiting = (await queue.getWaiting()).map((job) => Number(job.data.importId));
      expect(waiting).toEqual([aImports[0], aImports[1], bImport]);
      const parked = (await importer.app.get(TenantLanes).parked(queue)).map((spec) =>
        Number((spec.data as ProcessImportJob).importId),
      );
      expect(parked).toEqual(aImports.slice(2));
    } finally {
      await queue.resume(true);
    }

    for (const id of aImports)
      expect(await waitImport(importer.url, a.apiKey, id)).toMatchObject({ status: 'validated' });
    expect(await waitImport(importer.url, b.apiKey, bImport)).toMatchObject({ status: 'validated' });

    // Bull's own record of when each job started and ended.
    const ours = new Set([...aImports, bImport]);
    const jobs = await waitFor(async () => {
      const done = (await queue.getJobs(['completed'])).filter((job) => job && ours.has(Number(job.data.importId)));
      return done.length === ours.size ? done : undefined;
    }, 'every job completed');
    const ofA = jobs.filter((job) => job.data.institutionId === a.id);
    const [ofB] = jobs.filter((job) => job.data.institutionId === b.id);
    expect(ofA).toHaveLength(20);

    // B started before any of A's jobs beyond the 2 that held A's slots (without the lanes it would start 21st).
    expect(ofA.filter((job) => job.processedOn! < ofB.processedOn!).length).toBeLessThanOrEqual(2);
    // At no job's start were more than 2 of A's running, though the worker ran up to 4 jobs.
    const runningAt = (time: number, among: Job[]) =>
      among.filter((job) => job.processedOn! <= time && time < job.finishedOn!).length;
    expect(Math.max(...ofA.map((job) => runningAt(job.processedOn!, ofA)))).toBeLessThanOrEqual(2);
    // Each job of A after the first 2 started only once one of A's had finished.
    const finishes = ofA.map((job) => job.finishedOn!).sort((x, y) => x - y);
    const starts = ofA.map((job) => job.processedOn!).sort((x, y) => x - y);
    starts.slice(2).forEach((start, i) => expect(start).toBeGreaterThanOrEqual(finishes[i]));

    // Every slot was released: no lane is left.
    await waitFor(
      async () => ((await queue.client.smembers(queue.toKey('lanes'))).length === 0 ? true : undefined),
      'the lanes to empty',
    );
  });

  it('a job queued before the lanes (no institutionId) still runs; a parked import cancelled meanwhile ends cancelled', async () => {
    const c = await tenant('Gamma');
    const queue = importer.app.get<Queue<ProcessImportJob>>(getQueueToken(QueueName.Import));
    const ids: number[] = [];
    await queue.pause(true);
    try {
      for (let n = 0; n < 3; n++) ids.push(await c.queueImport());
      // The first one's job as a job queued before the lanes: no institutionId, outside the lanes.
      const [first] = (await queue.getWaiting()).filter((job) => Number(job.data.importId) === ids[0]);
      await first.remove();
      await queue.add(JobName.ProcessImport, { importId: ids[0] }, { jobId: `import:${ids[0]}:process:legacy` });
      // The third waits in the lane; cancelled there, it ends at once.
      const cancel = await importClient(importer.url, c.apiKey).POST('/imports/{id}/cancel', {
        params: { path: { id: ids[2] } },
      });
      expect(expectStatus(cancel, 202)).toMatchObject({ status: 'cancelled' });
    } finally {
      await queue.resume(true);
    }
    expect(await waitImport(importer.url, c.apiKey, ids[0])).toMatchObject({ status: 'validated' });
    expect(await waitImport(importer.url, c.apiKey, ids[1])).toMatchObject({ status: 'validated' });
    // Its turn comes (the slot of the removed job is dropped, the second's released) and it stays cancelled.
    await waitFor(async () => {
      const jobs = await queue.getJobs(['completed']);
      return jobs.some((job) => job && Number(job.data.importId) === ids[2]) ? true : undefined;
    }, 'the cancelled import to take its turn');
    expect(await waitImport(importer.url, c.apiKey, ids[2])).toMatchObject({ status: 'cancelled' });
    await waitFor(
      async () => ((await queue.client.smembers(queue.toKey('lanes'))).length === 0 ? true : undefined),
      'the lanes to empty',
    );
  });
});
