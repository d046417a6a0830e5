import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from '@app/common';
import { exportsDir } from './export-files';

/**
 * Deletes zips (and leftovers of interrupted jobs) older than FILE_RETENTION_DAYS. Export rows keep
 * their status; their file route then answers 410 FILE_EXPIRED. Every replica may run it: unlink is idempotent.
 */
@Injectable()
export class ExportCleanupService {
  private readonly logger = new Logger(ExportCleanupService.name);

  constructor(private readonly config: AppConfig) {}

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

  /** Returns the names of the files deleted. */
  async run(now = Date.now()): Promise<string[]> {
    const dir = exportsDir(this.config.FILES_DIR);
    const cutoff = now - this.config.FILE_RETENTION_DAYS * 24 * 3600 * 1000;
    const names = await readdir(dir).catch(() => [] as string[]);
    const deleted: string[] = [];
    for (const name of names) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => null);
      if (!info?.isFile() || info.mtimeMs >= cutoff) continue;
      await unlink(path).catch(() => undefined);
      deleted.push(name);
    }
    if (deleted.length)
      this.logger.log(
        `Deleted ${deleted.length} template export file(s) older than ${this.config.FILE_RETENTION_DAYS} days`,
      );
    return deleted;
  }
}
