import { InjectQueue } from '@nestjs/bull';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig } from '@app/common';
import { QueueName } from './queue-names';

/**
 * On SIGTERM or Ctrl-C (enableShutdownHooks) Nest closes the app. Bull's `queue.close()` stops taking jobs
 * and waits for the jobs this process is running; doing it before any `onApplicationShutdown`
 * hook (TypeORM closes its pool there) means those jobs finish with the database still open,
 * whatever order Nest picks for the modules. The wait is bounded by SHUTDOWN_GRACE_MS: a job still running then is
 * left as it is (each batch is its own transaction) and the process exits; its Bull lock expires and the job is
 * handed back as stalled and resumed after its last committed batch (QueuesModule settings).
 */
@Injectable()
export class QueueShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Queues');
  private readonly queues: Queue[];

  constructor(
    private readonly config: AppConfig,
    @InjectQueue(QueueName.TemplateExport) templateExport: Queue,
    @InjectQueue(QueueName.Import) importQueue: Queue,
    @InjectQueue(QueueName.Notifications) notifications: Queue,
  ) {
    this.queues = [templateExport, importQueue, notifications];
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const grace = this.config.SHUTDOWN_GRACE_MS;
    if (signal) {
      this.logger.log(`${signal}: stopping; running jobs may finish their batch (waiting at most ${grace / 1000} s)`);
    }
    let timer: NodeJS.Timeout | undefined;
    const closed = Promise.all(this.queues.map((queue) => queue.close())).then(() => true);
    const outlived = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), grace)));
    const done = await Promise.race([closed, outlived]).finally(() => clearTimeout(timer));
    if (done) {
      if (signal) this.logger.log('jobs finished: stopped');
      return;
    }
    // Closing the database under a running job would fail it; leaving the process leaves it to be resumed.
    this.logger.warn(
      `a job was still running after ${grace / 1000} s: stopping without it; it resumes after its last committed ` +
        'batch once a worker runs again (after QUEUE_LOCK_DURATION_MS)',
    );
    process.exit(0);
  }
}
