import type { Job, Queue } from 'bull';
import type { JobName } from './queue-names';

/**
 * Registers a worker's handlers, one per job name, under one concurrency (a config setting). Bull runs one loop per
 * `@Process` and each loop takes any job, so a `@Process` per name would make the concurrency the number of names;
 * one `*` handler that dispatches on the name makes it the setting.
 */
export function processJobs(
  queue: Queue,
  concurrency: number,
  handlers: Partial<Record<JobName, (job: Job) => Promise<void>>>,
): void {
  // Bull reports a failure to start on the queue's 'error' event (logged by the app) before rejecting.
  queue
    .process('*', concurrency, async (job: Job) => {
      const handler = handlers[job.name as JobName];
      if (!handler) throw new Error(`No handler for the job ${job.name} of the queue ${queue.name}`);
      await handler(job);
    })
    .catch(() => undefined);
}
