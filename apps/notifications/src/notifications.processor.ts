import { OnQueueFailed, Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { JobName, QueueName } from '@app/queues';
import { hideRecipient, recipientForLog } from './mail/recipient-in-logs';
import {
  DeliveryResult,
  InvalidNotificationError,
  NotificationsService,
  RejectedNotificationError,
} from './notifications.service';

/** Thin: reads the job, lets the service deliver, and stops the retries of a message that can never go out. */
@Processor(QueueName.Notifications)
export class NotificationsProcessor {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(private readonly notifications: NotificationsService) {}

  @Process({ name: JobName.SendNotification, concurrency: 4 })
  async send(job: Job<unknown>): Promise<DeliveryResult> {
    try {
      return await this.notifications.deliver(job.data, {
        attempt: job.attemptsMade + 1,
        maxAttempts: job.opts.attempts ?? 1,
      });
    } catch (error) {
      // The row is already failed: discarding makes Bull fail the job now instead of retrying it.
      if (error instanceof InvalidNotificationError || error instanceof RejectedNotificationError) await job.discard();
      throw error;
    }
  }

  @OnQueueFailed()
  onFailed(job: Job, error: Error): void {
    if (error instanceof RejectedNotificationError) return; // the service logged it, without the address
    // As the service does: the recipient's domain only, also where the server's reply quotes the address.
    const data = job.data as { to?: unknown } | null;
    const to = typeof data?.to === 'string' ? data.to : '';
    this.logger.warn(
      `Notification job ${job.id}${to ? ` to ${recipientForLog(to)}` : ''} failed (attempt ${job.attemptsMade} of ${job.opts.attempts ?? 1}): ${hideRecipient(error.message, to)}`,
    );
  }
}
