import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import type { EnqueueOptions } from './job-ids';
import { jobId, jobRun } from './job-ids';
import type { BuildTemplateJob } from './messages';
import { JobName, QueueName } from './queue-names';
import { TenantLanes } from './tenant-lanes';

/**
 * The producer of the template-export queue. An export is built by one job, `template-export:<id>:build`:
 * queuing it again while Bull keeps that job is a no-op. The lost-job sweep's requeue has a run of its own
 * (see job-ids.ts), since the lost job's id may still be held by a failed job Bull keeps. Jobs go through the
 * institution's lane (TenantLanes).
 */
@Injectable()
export class TemplateExportJobs {
  constructor(
    @InjectQueue(QueueName.TemplateExport) private readonly queue: Queue<BuildTemplateJob>,
    private readonly lanes: TenantLanes,
  ) {}

  async build(exportId: number, institutionId: number, options: EnqueueOptions = {}): Promise<void> {
    await this.lanes.add(this.queue, institutionId, {
      name: JobName.BuildTemplate,
      data: { exportId, institutionId } satisfies BuildTemplateJob,
      jobId: jobId('template-export', exportId, 'build', options.recovered ? jobRun('recovered') : undefined),
    });
  }

  /** A job completed or failed: its institution's next parked job may start. */
  finished(job: Job): Promise<void> {
    return this.lanes.release(this.queue, job);
  }
}
