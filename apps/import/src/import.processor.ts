import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JobName, ProcessImportJob, QueueName, RevertImportJob } from '@app/queues';
import { ImportRunner } from './import-runner.service';

const isFinalAttempt = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

/** Thin: reads the job and calls the runner; a thrown error lets Bull retry (the runner resumes). */
@Processor(QueueName.Import)
export class ImportProcessor {
  constructor(private readonly runner: ImportRunner) {}

  @Process(JobName.ProcessImport)
  async process(job: Job<ProcessImportJob>): Promise<void> {
    await this.runner.process(Number(job.data.importId), { finalAttempt: isFinalAttempt(job) });
  }

  @Process(JobName.RevertImport)
  async revert(job: Job<RevertImportJob>): Promise<void> {
    await this.runner.revert(Number(job.data.importId), { finalAttempt: isFinalAttempt(job) });
  }
}
