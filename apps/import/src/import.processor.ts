import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JobName, ProcessImportJob, QueueName, RevertImportJob } from '@app/queues';
import { ContactRevert } from './contact-revert.service';
import { ImportRunner } from './import-runner.service';

const isFinalAttempt = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

/** Thin: reads the job and calls the runner; a thrown error lets Bull retry (the runner resumes). */
@Processor(QueueName.Import)
export class ImportProcessor {
  constructor(
    private readonly runner: ImportRunner,
    private readonly contactRevert: ContactRevert,
  ) {}

  @Process(JobName.ProcessImport)
  async process(job: Job<ProcessImportJob>): Promise<void> {
    await this.runner.process(Number(job.data.importId), isFinalAttempt(job));
  }

  @Process(JobName.RevertImport)
  async revert(job: Job<RevertImportJob>): Promise<void> {
    const importId = Number(job.data.importId);
    if (await this.contactRevert.revert(importId, isFinalAttempt(job))) return;
    await this.runner.revert(importId, isFinalAttempt(job));
  }
}
