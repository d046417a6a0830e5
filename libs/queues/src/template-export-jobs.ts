import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import type { EnqueueOptions } from './job-ids';
import { jobId, jobRun } from './job-ids';
import type { BuildTemplateJob } from './messages';
import { JobName, QueueName } from './queue-names';

/**
 * The producer of the template-export queue. An export is built by one job, `template-export:<id>:build`:
 * queuing it again while Bull keeps that job is a no-op. The lost-job sweep's requeue has a run of its own
 * (see job-ids.ts), since the lost job's id may still be held by a failed job Bull keeps.
 */
@Injectable()
export class TemplateExportJobs {
  constructor(@InjectQueue(QueueName.TemplateExport) private readonly queue: Queue<BuildTemplateJob>) {}

  async build(exportId: number, options: EnqueueOptions = {}): Promise<void> {
    await this.queue.add(JobName.BuildTemplate, { exportId } satisfies BuildTemplateJob, {
      jobId: jobId('template-export', exportId, 'build', options.recovered ? jobRun('recovered') : undefined),
    });
  }
}
