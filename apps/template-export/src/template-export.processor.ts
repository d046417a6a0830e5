import { InjectQueue, OnQueueCompleted, OnQueueFailed, Processor } from '@nestjs/bull';
import type { OnModuleInit } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AppConfig } from '@app/common';
import { BuildTemplateJob, guardCrashLoop, JobName, processJobs, QueueName, TemplateExportJobs } from '@app/queues';
import { TemplateExportRunner } from './template-export-runner.service';

/** Thin: reads the job, hands it to the runner, reports progress to Bull. */
@Processor(QueueName.TemplateExport)
export class TemplateExportProcessor implements OnModuleInit {
  private readonly logger = new Logger(TemplateExportProcessor.name);

  constructor(
    private readonly runner: TemplateExportRunner,
    private readonly jobs: TemplateExportJobs,
    @InjectQueue(QueueName.TemplateExport) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    processJobs(this.queue, this.config.EXPORT_CONCURRENCY, {
      [JobName.BuildTemplate]: (job: Job<BuildTemplateJob>) => this.build(job),
    });
  }

  @OnQueueCompleted()
  async onCompleted(job: Job<BuildTemplateJob>): Promise<void> {
    await this.release(job);
  }

  /** The fallback of the runner's last attempt: a job that failed its last attempt leaves its export failed. */
  @OnQueueFailed()
  async onFailed(job: Job<BuildTemplateJob>): Promise<void> {
    await this.release(job);
    if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const exportId = Number(job.data?.exportId);
    if (!Number.isInteger(exportId) || exportId < 1) return;
    await this.runner
      .stopped(exportId)
      .catch((error) => this.logger.error(`export ${exportId} could not be failed: ${(error as Error).message}`));
  }

  async build(job: Job<BuildTemplateJob>): Promise<void> {
    const exportId = Number(job.data?.exportId);
    if (!Number.isInteger(exportId) || exportId < 1)
      throw new Error(`Invalid ${JobName.BuildTemplate} payload: ${JSON.stringify(job.data)}`);
    // A job that stopped its worker twice at the same point fails its export instead of running again.
    await guardCrashLoop(job, {
      progress: () => this.runner.progress(exportId),
      stop: (at) => this.runner.crashLooped(exportId, at),
    });
    await this.runner.run(exportId, {
      finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      onProgress: (processed, total) => job.progress({ processed, total }),
    });
  }

  /** Its institution's next export may start (a job Bull will retry keeps its slot); never throws. */
  private async release(job: Job): Promise<void> {
    await this.jobs
      .finished(job)
      .catch((error) => this.logger.error(`the lane of job ${job.id} was not released: ${(error as Error).message}`));
  }
}
