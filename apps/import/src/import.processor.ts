import { InjectQueue, OnQueueCompleted, OnQueueFailed, Processor } from '@nestjs/bull';
import type { OnModuleInit } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AppConfig } from '@app/common';
import {
  guardCrashLoop,
  ImportJobs,
  JobName,
  ProcessImportJob,
  processJobs,
  QueueName,
  RevertImportJob,
} from '@app/queues';
import { ImportRunner } from './import-runner.service';

const isFinalAttempt = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

/** Thin: reads the job and calls the runner; a thrown error lets Bull retry (the runner resumes). */
@Processor(QueueName.Import)
export class ImportProcessor implements OnModuleInit {
  private readonly logger = new Logger(ImportProcessor.name);

  constructor(
    private readonly runner: ImportRunner,
    private readonly jobs: ImportJobs,
    @InjectQueue(QueueName.Import) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    processJobs(this.queue, this.config.IMPORT_CONCURRENCY, {
      [JobName.ProcessImport]: (job: Job<ProcessImportJob>) => this.process(job),
      [JobName.RevertImport]: (job: Job<RevertImportJob>) => this.revert(job),
    });
  }

  @OnQueueCompleted()
  async onCompleted(job: Job<ProcessImportJob | RevertImportJob>): Promise<void> {
    await this.release(job);
  }

  /**
   * The fallback of the runner's last attempt: a job that failed its last attempt leaves its import failed (a revert
   * completed again), never running, whatever threw.
   */
  @OnQueueFailed()
  async onFailed(job: Job<ProcessImportJob | RevertImportJob>): Promise<void> {
    await this.release(job);
    if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const importId = Number(job.data?.importId);
    if (!Number.isInteger(importId) || importId < 1) return;
    await this.runner
      .stopped(importId)
      .catch((error) => this.logger.error(`import ${importId} could not be failed: ${(error as Error).message}`));
  }

  async process(job: Job<ProcessImportJob>): Promise<void> {
    await this.guard(job);
    await this.runner.process(Number(job.data.importId), { finalAttempt: isFinalAttempt(job) });
  }

  async revert(job: Job<RevertImportJob>): Promise<void> {
    await this.guard(job);
    await this.runner.revert(Number(job.data.importId), { finalAttempt: isFinalAttempt(job) });
  }

  /** Its institution's next import may start (a job Bull will retry keeps its slot); never throws. */
  private async release(job: Job): Promise<void> {
    await this.jobs
      .finished(job)
      .catch((error) => this.logger.error(`the lane of job ${job.id} was not released: ${(error as Error).message}`));
  }

  /** A job that stopped its worker twice at the same point fails its import instead of running again. */
  private guard(job: Job<ProcessImportJob | RevertImportJob>): Promise<void> {
    const importId = Number(job.data.importId);
    return guardCrashLoop(job, {
      progress: () => this.runner.progress(importId),
      stop: (at) => this.runner.crashLooped(importId, at),
    });
  }
}
