import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import type { EnqueueOptions } from './job-ids';
import { jobId, jobRun } from './job-ids';
import type { ProcessImportJob, RevertImportJob } from './messages';
import { JobName, QueueName } from './queue-names';
import { TenantLanes } from './tenant-lanes';

/**
 * The producer of the import queue. Every process or revert is a new job (`import:<id>:<action>:<run>`,
 * see job-ids.ts): an import is processed again to apply what it validated, and requeued after a loss.
 * Attempts and backoff come from the queue's defaults (QueuesModule); jobs go through the institution's lane
 * (TenantLanes), so one institution's imports never hold every worker.
 */
@Injectable()
export class ImportJobs {
  constructor(
    @InjectQueue(QueueName.Import) private readonly queue: Queue<ProcessImportJob | RevertImportJob>,
    private readonly lanes: TenantLanes,
  ) {}

  /** Validates or applies the import, as its row's mode says. */
  async process(importId: number, institutionId: number, options: EnqueueOptions = {}): Promise<void> {
    await this.lanes.add(this.queue, institutionId, {
      name: JobName.ProcessImport,
      data: { importId, institutionId } satisfies ProcessImportJob,
      jobId: jobId('import', importId, 'process', jobRun(options.recovered ? 'recovered' : 'request')),
    });
  }

  /** Restores what the applied import wrote. */
  async revert(importId: number, institutionId: number, options: EnqueueOptions = {}): Promise<void> {
    await this.lanes.add(this.queue, institutionId, {
      name: JobName.RevertImport,
      data: { importId, institutionId } satisfies RevertImportJob,
      jobId: jobId('import', importId, 'revert', jobRun(options.recovered ? 'recovered' : 'request')),
    });
  }

  /** A job completed or failed: its institution's next parked job may start. */
  finished(job: Job): Promise<void> {
    return this.lanes.release(this.queue, job);
  }
}
