import type { Queue } from 'bull';
import { JobName } from './queue-names';
import type { NotificationMessage } from './messages';

/**
 * The one way producers ask for an e-mail: the job id is the message's dedupeKey, so the same
 * event queued twice (a retried export or import job) stays one job while it is kept in Redis,
 * and the notifications outbox (unique dedupeKey) sends it once in any case.
 * Attempts and backoff come from the queue's defaults (QueuesModule).
 */
export async function enqueueNotification(queue: Queue, message: NotificationMessage): Promise<void> {
  await queue.add(JobName.SendNotification, message, { jobId: message.dedupeKey });
}
