import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, DomainError, signLink } from '@app/common';
import type { TemplateExport } from '@app/database';
import { loggableError, TemplateExportsRepository } from '@app/database';
import { DataType, Locale, NotificationJobs, NotificationMessage } from '@app/queues';
import { TargetResolver, targetCondition } from '@app/targeting';
import { exportKey } from './export-files';
import { BuildResult, TemplateBuilderService } from './template-builder.service';

export interface RunOptions {
  /** False while Bull will retry the job: a transient error then leaves the export queued. */
  finalAttempt: boolean;
  onProgress?: (processed: number, total: number) => Promise<void> | void;
}

/** One run of a template export job: resolve the target now, build the file, record and announce the outcome. */
/** Why an export that failed on an internal error (or whose job failed every attempt) is failed. */
export const EXPORT_STOPPED_MESSAGE =
  'The export could not be built because of an internal error; create it again, and contact support if it fails again';

/** Why an export whose job stopped its worker twice at the same point is failed, not retried. */
export const exportCrashLoopMessage = (processed: number) =>
  `The export stopped its worker twice at the same point (${processed ? `after ${processed} contacts written` : 'before its first contacts were written'}); it was not retried, so that it cannot stop it again. Contact support, or export a smaller target.`;

@Injectable()
export class TemplateExportRunner {
  private readonly logger = new Logger(TemplateExportRunner.name);

  constructor(
    private readonly exports: TemplateExportsRepository,
    private readonly notifications: NotificationJobs,
    private readonly resolver: TargetResolver,
    private readonly builder: TemplateBuilderService,
    private readonly config: AppConfig,
  ) {}

  async run(exportId: number, options: RunOptions): Promise<void> {
    const job = await this.exports.find(exportId);
    if (!job) {
      this.logger.warn(`Template export ${exportId} no longer exists; job dropped`);
      return;
    }
    if (job.status === 'completed' || job.status === 'failed') return; // a duplicate delivery of a finished job

    await this.exports.start(job.id);
    let targetName = `#${job.targetId}`;
    let result: BuildResult;
    try {
      const resolved = await this.resolveTarget(job);
      targetName = resolved.target.name;
      result = await this.builder.build(
        job,
        targetCondition(job.institutionId, resolved.where),
        async (processed, total) => {
          await this.exports.progress(job.id, processed, total);
          await options.onProgress?.(processed, total);
        },
      );
    } catch (error) {
      const permanent = error instanceof DomainError;
      if (!permanent && !options.finalAttempt) {
        this.logger.warn(`Template export ${job.id} failed, will retry: ${loggableError(error).split('\n')[0]}`);
        await this.exports.retry(job.id);
        throw error;
      }
      const message = permanent ? error.message : EXPORT_STOPPED_MESSAGE;
      if (!permanent) this.logger.error(`Template export ${job.id} failed: ${loggableError(error)}`);
      await this.exports.fail(job.id, message);
      await this.notify(job, { type: 'template-export.failed', targetName, error: message });
      return;
    }

    await this.exports.complete(job.id, result);
    await this.notify(job, { type: 'template-export.completed', targetName, result });
  }

  /**
   * Fails, and mails, an export whose job failed its last attempt without the run saying so; nothing when it is
   * finished.
   */
  async stopped(exportId: number, reason = EXPORT_STOPPED_MESSAGE): Promise<void> {
    if (!(await this.exports.failLost(exportId, reason))) return;
    const job = await this.exports.find(exportId);
    if (job)
      await this.notify(job, { type: 'template-export.failed', targetName: `#${job.targetId}`, error: job.error! });
  }

  /** How far the export's last run got, as its row records it: what the crash guard compares. */
  async progress(exportId: number): Promise<{ processed: number }> {
    return { processed: (await this.exports.find(exportId))?.processed ?? 0 };
  }

  /** Fails an export whose job stopped its worker twice at the same point; answers why. */
  async crashLooped(exportId: number, at: { processed: number }): Promise<string> {
    const message = exportCrashLoopMessage(at.processed);
    this.logger.error(`Template export ${exportId}: ${message}`);
    await this.stopped(exportId, message);
    return message;
  }

  private async resolveTarget(job: TemplateExport) {
    try {
      return await this.resolver.resolve(job.institutionId, job.targetId);
    } catch (error) {
      if (error instanceof DomainError && error.status === 404) {
        throw new DomainError(
          'TARGET_NOT_FOUND',
          `The target ${job.targetId} no longer exists; create the export again for an existing target`,
        );
      }
      if (error instanceof DomainError) {
        throw new DomainError(
          error.code,
          `The rule of target ${job.targetId} cannot be used: ${error.message}; fix the target, then create the export again`,
        );
      }
      throw error;
    }
  }

  private async notify(
    job: TemplateExport,
    outcome:
      | { type: 'template-export.completed'; targetName: string; result: BuildResult }
      | { type: 'template-export.failed'; targetName: string; error: string },
  ): Promise<void> {
    if (!job.email) return;
    const base = {
      institutionId: job.institutionId,
      to: job.email,
      locale: (job.locale === 'en' ? 'en' : 'fr') as Locale,
      exportId: job.id,
      targetId: job.targetId,
      targetName: outcome.targetName,
      dataType: job.dataType as DataType,
    };
    let message: NotificationMessage;
    if (outcome.type === 'template-export.completed') {
      const exp = Math.floor(Date.now() / 1000) + this.config.DOWNLOAD_LINK_TTL_SECONDS;
      const token = signLink(
        { kind: 'template-export', id: job.id, institutionId: job.institutionId, exp },
        this.config.SIGNING_SECRET,
      );
      message = {
        ...base,
        type: 'template-export.completed',
        dedupeKey: `template-export:${job.id}:completed`,
        rowCount: outcome.result.rowCount,
        fileName: outcome.result.fileName,
        filePath: exportKey(job.id, outcome.result.fileName),
        fileSize: outcome.result.fileSize,
        format: job.format === 'xlsx' ? 'xlsx' : 'csv',
        downloadUrl: `${this.config.PUBLIC_URL_TEMPLATE_EXPORT.replace(/\/+$/, '')}/downloads/${token}`,
        expiresAt: new Date(exp * 1000).toISOString(),
      };
    } else {
      message = {
        ...base,
        type: 'template-export.failed',
        dedupeKey: `template-export:${job.id}:failed`,
        error: outcome.error,
      };
    }
    await this.notifications.send(message);
  }
}
