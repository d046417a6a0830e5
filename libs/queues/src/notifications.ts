import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { JobName, QueueName } from './queue-names';
import type { NotificationMessage } from './messages';

/**
 * The producer of the notifications queue, the one way to ask for an e-mail: the job id is the message's
 * dedupeKey (`<subject>:<id>:<event>`, see job-ids.ts), so the same event queued twice (a retried export or
 * import job) stays one job while it is kept in Redis, and the notifications outbox (unique dedupeKey) sends
 * it once in any case. Attempts and backoff come from the queue's defaults (QueuesModule).
 */
@Injectable()
export class NotificationJobs {
  constructor(@InjectQueue(QueueName.Notifications) private readonly queue: Queue<NotificationMessage>) {}

  async send(message: NotificationMessage): Promise<void> {
    await this.queue.add(JobName.SendNotification, message, { jobId: message.dedupeKey });
  }
}
