import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { BuildTemplateJob, JobName, QueueName } from '@app/queues';
import { TemplateExportRunner } from './template-export-runner.service';

/** Thin: reads the job, hands it to the runner, reports progress to Bull. */
@Processor(QueueName.TemplateExport)
export class TemplateExportProcessor {
  constructor(private readonly runner: TemplateExportRunner) {}

  @Process(JobName.BuildTemplate)
  async build(job: Job<BuildTemplateJob>): Promise<void> {
    const exportId = Number(job.data?.exportId);
    if (!Number.isInteger(exportId) || exportId < 1)
      throw new Error(`Invalid ${JobName.BuildTemplate} payload: ${JSON.stringify(job.data)}`);
    await this.runner.run(exportId, {
      finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      onProgress: (processed, total) => job.progress({ processed, total }),
    });
  }
}
