import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import type { EnqueueOptions } from './job-ids';
import { jobId, jobRun } from './job-ids';
import type { ProcessImportJob, RevertImportJob } from './messages';
import { JobName, QueueName } from './queue-names';

/**
 * The producer of the import queue. Every process or revert is a new job (`import:<id>:<action>:<run>`,
 * see job-ids.ts): an import is processed again to apply what it validated, and requeued after a loss.
 * Attempts and backoff come from the queue's defaults (QueuesModule).
 */
@Injectable()
export class ImportJobs {
  constructor(@InjectQueue(QueueName.Import) private readonly queue: Queue<ProcessImportJob | RevertImportJob>) {}

  /** Validates or applies the import, as its row's mode says. */
  async process(importId: number, options: EnqueueOptions = {}): Promise<void> {
    await this.queue.add(JobName.ProcessImport, { importId } satisfies ProcessImportJob, {
      jobId: jobId('import', importId, 'process', jobRun(options.recovered ? 'recovered' : 'request')),
    });
  }

  /** Restores what the applied import wrote. */
  async revert(importId: number, options: EnqueueOptions = {}): Promise<void> {
    await this.queue.add(JobName.RevertImport, { importId } satisfies RevertImportJob, {
      jobId: jobId('import', importId, 'revert', jobRun(options.recovered ? 'recovered' : 'request')),
    });
  }
}
