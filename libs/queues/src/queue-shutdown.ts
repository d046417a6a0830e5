import { InjectQueue } from '@nestjs/bull';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { QueueName } from './queue-names';

/**
 * On SIGTERM (enableShutdownHooks) Nest closes the app. Bull's `queue.close()` stops taking jobs
 * and waits for the job this process is running; doing it before any `onApplicationShutdown`
 * hook (TypeORM closes its pool there) means that job finishes with the database still open,
 * whatever order Nest picks for the modules. A job that outlives the orchestrator's grace period
 * is killed with the process and handed back as stalled to another worker (QueuesModule settings).
 */
@Injectable()
export class QueueShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Queues');
  private readonly queues: Queue[];

  constructor(
    @InjectQueue(QueueName.TemplateExport) templateExport: Queue,
    @InjectQueue(QueueName.Import) importQueue: Queue,
    @InjectQueue(QueueName.Notifications) notifications: Queue,
  ) {
    this.queues = [templateExport, importQueue, notifications];
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (signal) this.logger.log(`${signal}: waiting for running jobs to finish`);
    await Promise.all(this.queues.map((queue) => queue.close()));
  }
}
