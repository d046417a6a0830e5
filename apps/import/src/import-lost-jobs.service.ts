import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import type { Queue } from 'bull';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/common';
import {
  JobName,
  LostJobResult,
  LostJobSweeper,
  ProcessImportJob,
  QueueName,
  RevertImportJob,
  sweepLostJobs,
} from '@app/queues';

/**
 * Imports the database holds as queued or running but whose Bull job is gone (Redis restarted without
 * persistence): found at start-up and every minute, then requeued (they resume after their last
 * committed batch) or, when the stored file is gone, failed with a message saying what to do.
 * A lost revert (revert_requested) is requeued as a revert, which resumes after its last committed
 * batch; it needs only the change log, not the uploaded file.
 */
@Injectable()
export class ImportLostJobs extends LostJobSweeper {
  protected readonly logger = new Logger(ImportLostJobs.name);

  constructor(
    private readonly dataSource: DataSource,
    protected readonly config: AppConfig,
    @InjectQueue(QueueName.Import) private readonly queue: Queue,
  ) {
    super();
  }

  @Interval('import-lost-jobs', 60_000)
  onTimer(): Promise<void> {
    return this.sweepQuietly();
  }

  sweep(graceSeconds = 30, institutionId?: number): Promise<LostJobResult> {
    return sweepLostJobs(
      this.dataSource,
      this.queue,
      {
        table: 'imports',
        idField: 'importId',
        graceSeconds,
        institutionId,
        requeue: async (id) => {
          const [row]: { stored_name: string; revert_requested: number }[] = await this.dataSource.query(
            'SELECT stored_name, revert_requested FROM imports WHERE id = ?',
            [id],
          );
          if (Number(row.revert_requested)) {
            await this.queue.add(JobName.RevertImport, { importId: id } satisfies RevertImportJob, {
              jobId: `revert-${id}-recovered-${Date.now()}`,
            });
            return;
          }
          const stored = await access(join(this.config.FILES_DIR, 'imports', row.stored_name)).then(
            () => true,
            () => false,
          );
          if (!stored)
            return 'The import was interrupted and its uploaded file is no longer stored; upload the file again.';
          await this.queue.add(JobName.ProcessImport, { importId: id } satisfies ProcessImportJob, {
            jobId: `import-${id}-recovered-${Date.now()}`,
          });
        },
        fail: async (id, message) => {
          await this.dataSource.query(
            `UPDATE imports SET status = 'failed', finished_at = NOW(3), error = ?, file_errors = ? WHERE id = ? AND status IN ('queued', 'running')`,
            [message, JSON.stringify([{ code: 'JOB_LOST', message }]), id],
          );
        },
      },
      this.logger,
    );
  }
}
