import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/common';
import { TemplateExportsRepository } from '@app/database';
import { LostJobResult, LostJobSweeper, QueueName, sweepLostJobs, TemplateExportJobs, TenantLanes } from '@app/queues';
import { TemplateExportRunner } from './template-export-runner.service';

/**
 * Exports the database holds as queued or running but whose Bull job is gone (Redis restarted without
 * persistence): found at start-up and every minute, then requeued (the template is built again from the start). One
 * whose Bull job failed every attempt is not lost: it is failed, never requeued.
 */
@Injectable()
export class ExportLostJobs extends LostJobSweeper {
  protected readonly logger = new Logger(ExportLostJobs.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly exports: TemplateExportsRepository,
    protected readonly config: AppConfig,
    @InjectQueue(QueueName.TemplateExport) private readonly queue: Queue,
    private readonly jobs: TemplateExportJobs,
    private readonly lanes: TenantLanes,
    private readonly runner: TemplateExportRunner,
  ) {
    super();
  }

  @Interval('template-export-lost-jobs', 60_000)
  onTimer(): Promise<void> {
    return this.sweepQuietly();
  }

  sweep(graceSeconds = 30, institutionId?: number): Promise<LostJobResult> {
    return sweepLostJobs(
      this.dataSource,
      this.queue,
      {
        table: 'template_exports',
        open: (grace, institution) => this.exports.openIds(grace, institution),
        idField: 'exportId',
        lanes: this.lanes,
        graceSeconds,
        institutionId,
        requeue: async (id) => {
          const row = await this.exports.find(id);
          if (!row) return 'The export no longer exists.';
          // A recovered run: the lost job's id may still be held by a finished job that Bull keeps.
          await this.jobs.build(id, row.institutionId, { recovered: true });
        },
        fail: async (id, message) => {
          await this.exports.failLost(id, message);
        },
        stopped: (id) => this.runner.stopped(id),
      },
      this.logger,
    );
  }
}
