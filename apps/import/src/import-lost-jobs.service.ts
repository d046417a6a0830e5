import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/common';
import { ImportsRepository } from '@app/database';
import { ImportJobs, LostJobResult, LostJobSweeper, QueueName, sweepLostJobs, TenantLanes } from '@app/queues';
import { FileStore } from '@app/storage';
import { ImportRunner } from './import-runner.service';
import { uploadKey } from './upload-storage';

/**
 * Imports the database holds as queued or running but whose Bull job is gone (Redis restarted without
 * persistence): found at start-up and every minute, then requeued (they resume after their last
 * committed batch) or, when the stored file is gone, failed with a message saying what to do.
 * A lost revert (revert_requested) is requeued as a revert, which resumes after its last committed
 * batch; it needs only the change log, not the uploaded file. An import whose Bull job failed every attempt is not
 * lost: it is failed (a revert completed again), never requeued.
 */
@Injectable()
export class ImportLostJobs extends LostJobSweeper {
  protected readonly logger = new Logger(ImportLostJobs.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly imports: ImportsRepository,
    protected readonly config: AppConfig,
    @InjectQueue(QueueName.Import) private readonly queue: Queue,
    private readonly jobs: ImportJobs,
    private readonly lanes: TenantLanes,
    private readonly runner: ImportRunner,
    private readonly store: FileStore,
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
        open: (grace, institution) => this.imports.openIds(grace, institution),
        idField: 'importId',
        lanes: this.lanes,
        graceSeconds,
        institutionId,
        requeue: async (id) => {
          const row = await this.imports.recoveryInfo(id);
          if (row.revertRequested) {
            await this.jobs.revert(id, row.institutionId, { recovered: true });
            return;
          }
          // A store that does not answer throws: the sweep tries again, it never fails an import for an outage.
          if (!(await this.store.exists(uploadKey(row.storedName))))
            return 'The import was interrupted and its uploaded file is no longer stored; upload the file again.';
          await this.jobs.process(id, row.institutionId, { recovered: true });
        },
        fail: async (id, message) => {
          await this.imports.failLost(id, message);
        },
        stopped: (id) => this.runner.stopped(id),
      },
      this.logger,
    );
  }
}
