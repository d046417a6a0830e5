import { randomBytes } from 'node:crypto';
import Bull from 'bull';
import type { Job } from 'bull';
import { processJobs } from './process-jobs';
import { JobName } from './queue-names';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A real Bull queue on Redis, under a prefix of its own. */
describe('processJobs', () => {
  const prefix = `cmu-process-${randomBytes(4).toString('hex')}`;
  const queue = new Bull('import', REDIS_URL, { prefix });
  afterAll(async () => {
    await queue.close();
    const cleaner = new Bull('import', REDIS_URL, { prefix });
    const keys = await cleaner.client.keys(queue.toKey('*'));
    if (keys.length) await cleaner.client.del(...keys);
    await cleaner.close();
  });

  it('runs as many jobs at once as the concurrency, whatever their names, and fails a job no handler takes', async () => {
    const started: string[] = [];
    let finish!: () => void;
    const held = new Promise<void>((resolve) => (finish = resolve));
    const allStarted = new Promise<void>((resolve) => {
      const hold = async (job: Job) => {
        started.push(String(job.id));
        if (started.length === 3) resolve();
        await held;
      };
      processJobs(queue, 3, { [JobName.ProcessImport]: hold, [JobName.RevertImport]: hold });
    });
    const failed = new Promise<Error>((resolve) => queue.on('failed', (_job, error) => resolve(error)));
    await queue.add(JobName.ProcessImport, {}, { jobId: 'a' });
    await queue.add(JobName.RevertImport, {}, { jobId: 'b' });
    await queue.add(JobName.ProcessImport, {}, { jobId: 'c' });
    await queue.add(JobName.ProcessImport, {}, { jobId: 'd' });
    await allStarted;
    // Three run together; the fourth waits for a free loop.
    expect(started.sort()).toEqual(['a', 'b', 'c']);
    expect(await queue.getActiveCount()).toBe(3);
    expect(await queue.getWaitingCount()).toBe(1);
    finish();

    await queue.add(JobName.BuildTemplate, {}, { jobId: 'e' });
    expect((await failed).message).toBe('No handler for the job build-template of the queue import');
  });
});
