import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/common';
import { withNamedLock } from '@app/database';
import { FileStore } from '@app/storage';
import { EXPORTS_PREFIX } from './export-files';

/**
 * Deletes zips (and leftovers of interrupted jobs) older than FILE_RETENTION_DAYS. Export rows keep
 * their status; their file route then answers 410 FILE_EXPIRED. Every worker replica's timer fires; one at a time
 * cleans (a named lock), and the others skip.
 */
@Injectable()
export class ExportCleanupService {
  private readonly logger = new Logger(ExportCleanupService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly store: FileStore,
    private readonly dataSource: DataSource,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'template-export-cleanup' })
  async hourly(): Promise<void> {
    try {
      await this.runOnce();
    } catch (error) {
      this.logger.error(
        `Clean-up of template exports failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** `run` unless another replica is running it: then answers undefined at once. */
  async runOnce(now = Date.now()): Promise<string[] | undefined> {
    const done = await withNamedLock(this.dataSource, 'template-export-cleanup', 0, () => this.run(now));
    return done.locked ? done.value : undefined;
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
