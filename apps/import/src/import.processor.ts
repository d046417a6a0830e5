import { OnQueueCompleted, OnQueueFailed, Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { ImportJobs, JobName, ProcessImportJob, QueueName, RevertImportJob } from '@app/queues';
import { ImportRunner } from './import-runner.service';

const isFinalAttempt = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

/** Thin: reads the job and calls the runner; a thrown error lets Bull retry (the runner resumes). */
@Processor(QueueName.Import)
export class ImportProcessor {
  private readonly logger = new Logger(ImportProcessor.name);

  constructor(
    private readonly runner: ImportRunner,
    private readonly jobs: ImportJobs,
  ) {}

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

  @Process(JobName.ProcessImport)
  async process(job: Job<ProcessImportJob>): Promise<void> {
    await this.runner.process(Number(job.data.importId), { finalAttempt: isFinalAttempt(job) });
  }

  @Process(JobName.RevertImport)
  async revert(job: Job<RevertImportJob>): Promise<void> {
    await this.runner.revert(Number(job.data.importId), { finalAttempt: isFinalAttempt(job) });
  }

  /** Its institution's next import may start (a job Bull will retry keeps its slot); never throws. */
  private async release(job: Job): Promise<void> {
    await this.jobs
      .finished(job)
      .catch((error) => this.logger.error(`the lane of job ${job.id} was not released: ${(error as Error).message}`));
  }
}
