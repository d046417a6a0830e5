import type { Queue } from 'bull';
import { ImportJobs } from './import-jobs';
import type { NotificationMessage } from './messages';
import { NotificationJobs } from './notifications';
import { JobName } from './queue-names';
import { TemplateExportJobs } from './template-export-jobs';
import type { JobSpec, TenantLanes } from './tenant-lanes';

/** A queue that keeps what was added, and, like Bull, answers the kept job when an id is added again. */
function fakeQueue() {
  const jobs = new Map<string, { name: string; data: unknown }>();
  const added: { name: string; data: unknown; jobId: string }[] = [];
  const queue = {
    add: jest.fn(async (name: string, data: unknown, opts: { jobId: string }) => {
      added.push({ name, data, jobId: opts.jobId });
      if (!jobs.has(opts.jobId)) jobs.set(opts.jobId, { name, data });
      return { id: opts.jobId, ...jobs.get(opts.jobId) };
    }),
  };
  return { queue: queue as unknown as Queue, jobs, added };
}

/** Lanes that admit every job at once (their own spec, tenant-lanes.spec.ts, runs them against Redis). */
const openLanes = {
  add: (queue: Queue, _tenant: number, spec: JobSpec) => queue.add(spec.name, spec.data, { jobId: spec.jobId }),
} as unknown as TenantLanes;

describe('queue producers', () => {
  let now: number;
  beforeEach(() => {
    now = 1767225600000;
    jest.spyOn(Date, 'now').mockImplementation(() => now++);
  });
  afterEach(() => jest.restoreAllMocks());

  it('ImportJobs: a process and a revert are new jobs each time, so validate then apply runs twice', async () => {
    const { queue, jobs, added } = fakeQueue();
    const imports = new ImportJobs(queue, openLanes);
    await imports.process(42, 3);
    await imports.process(42, 3);
    await imports.revert(42, 3);
    const data = { importId: 42, institutionId: 3 };
    expect(added).toEqual([
      { name: JobName.ProcessImport, data, jobId: 'import:42:process:1767225600000' },
      { name: JobName.ProcessImport, data, jobId: 'import:42:process:1767225600001' },
      { name: JobName.RevertImport, data, jobId: 'import:42:revert:1767225600002' },
    ]);
    expect(jobs.size).toBe(3);
  });

  it('ImportJobs: the lost-job sweep requeues under a recovered run, never the lost id', async () => {
    const { queue, added } = fakeQueue();
    const imports = new ImportJobs(queue, openLanes);
    await imports.process(42, 3, { recovered: true });
    await imports.revert(43, 3, { recovered: true });
    expect(added.map((job) => job.jobId)).toEqual([
      'import:42:process:recovered-1767225600000',
      'import:43:revert:recovered-1767225600001',
    ]);
  });

  it('TemplateExportJobs: one build job per export (a second add is a no-op); a recovery is a new job', async () => {
    const { queue, jobs, added } = fakeQueue();
    const exports = new TemplateExportJobs(queue, openLanes);
    await exports.build(7, 3);
    await exports.build(7, 3);
    await exports.build(7, 3, { recovered: true });
    expect(added.map((job) => job.jobId)).toEqual([
      'template-export:7:build',
      'template-export:7:build',
      'template-export:7:build:recovered-1767225600000',
    ]);
    expect(added[0]).toMatchObject({ name: JobName.BuildTemplate, data: { exportId: 7, institutionId: 3 } });
    expect([...jobs.keys()]).toEqual(['template-export:7:build', 'template-export:7:build:recovered-1767225600000']);
  });

  it('NotificationJobs: the job id is the dedupeKey, so one event is one job', async () => {
    const { queue, jobs, added } = fakeQueue();
    const message = { type: 'template-export.failed', dedupeKey: 'template-export:7:failed' } as NotificationMessage;
    await new NotificationJobs(queue).send(message);
    await new NotificationJobs(queue).send(message);
    expect(added).toEqual([
      { name: JobName.SendNotification, data: message, jobId: 'template-export:7:failed' },
      { name: JobName.SendNotification, data: message, jobId: 'template-export:7:failed' },
    ]);
    expect(jobs.size).toBe(1);
  });
});
