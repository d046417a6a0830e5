import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '@app/common';
import { FileStore } from '@app/storage';
import { EXPORTS_PREFIX } from './export-files';

/**
 * Deletes zips (and leftovers of interrupted jobs) older than FILE_RETENTION_DAYS. Export rows keep
 * their status; their file route then answers 410 FILE_EXPIRED. Every replica may run it: deleting is idempotent.
 */
@Injectable()
export class ExportCleanupService {
  private readonly logger = new Logger(ExportCleanupService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly store: FileStore,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'template-export-cleanup' })
  async hourly(): Promise<void> {
    try {
      await this.run();
    } catch (error) {
      this.logger.error(
        `Clean-up of template exports failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** Returns the names (under exports/) of the files deleted. */
  async run(now = Date.now()): Promise<string[]> {
    const cutoff = new Date(now - this.config.FILE_RETENTION_DAYS * 24 * 3600 * 1000);
    const deleted: string[] = [];
    for (const { key } of await this.store.listOlderThan(EXPORTS_PREFIX, cutoff)) {
      await this.store.delete(key);
      deleted.push(key.slice(EXPORTS_PREFIX.length));
    }
    if (deleted.length)
      this.logger.log(
        `Deleted ${deleted.length} template export file(s) older than ${this.config.FILE_RETENTION_DAYS} days`,
      );
    return deleted;
  }
}
