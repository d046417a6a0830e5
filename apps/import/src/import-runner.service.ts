import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig, signLink } from '@app/common';
import { FileError, Import } from '@app/database';
import { enqueueNotification, ImportCounts, Locale, QueueName } from '@app/queues';
import { FieldModel } from './engine/field-model';
import { HeaderError, ImportEngine, RunResult } from './engine/import-engine';
import { ImportStore } from './engine/import-store';
import { Counts, emptyCounts, fileIssue, FieldWrite, Issue, restoreCell } from './engine/row-check';
import { countRows } from './engine/row-count';
import { ImportFileError, openUpload, ZipLimits } from './engine/upload-file';
import { ContactRevert } from './contact-revert.service';
import { ReportService } from './reports/report.service';

const FINISHED = new Set(['validated', 'completed', 'failed', 'cancelled', 'reverted']);

export const allOrNothingMessage = (n: number) =>
  `${n} rows have errors; nothing was applied because allOrNothing=true. Fix them (see the report) and import again.`;

/** Runs import and revert jobs: the logic behind the thin Bull processor. */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger(ImportRunner.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly store: ImportStore,
    private readonly engine: ImportEngine,
    private readonly reports: ReportService,
    private readonly contactRevert: ContactRevert,
    @InjectQueue(QueueName.Notifications) private readonly notifications: Queue,
  ) {}

  private load(importId: number): Promise<Import | null> {
    return this.dataSource.getRepository(Import).findOneBy({ id: importId });
  }

  /** Validates or applies an import; resumes after the last committed batch when run again. */
  async process(importId: number, finalAttempt: boolean): Promise<void> {
    const found = await this.load(importId);
    if (!found || FINISHED.has(found.status)) return;
    const started = await this.dataSource.query(
      `UPDATE imports SET status = 'running', started_at = COALESCE(started_at, NOW(3)) WHERE id = ? AND status IN ('queued', 'running') AND cancel_requested = 0`,
      [importId],
    );
    if (!started.affectedRows) {
      await this.finish(importId, 'cancelled');
      return;
    }
    const imp = (await this.load(importId))!;
    // progress.total, counted beside the run; the run's own progress statement writes it (no second writer of the row).
    let total: number | null = null;
    void countRows(this.uploadPath(imp), this.zipLimits()).then((rows) => (total = rows));
    const estimate = () => total;
    try {
      const model = await FieldModel.load(this.dataSource, imp.institutionId, imp.dataType);
      if (imp.mode === 'apply' && imp.allOrNothing && imp.lastAppliedLine === 0) {
        await this.store.reset(imp.id);
        const check = await this.pass(imp, model, false, false, 0, emptyCounts(), estimate);
        if (check.cancelled) return await this.finish(imp.id, 'cancelled');
        if (check.counts.errorRows > 0) {
          return await this.fail(
            imp,
            [{ code: 'ALL_OR_NOTHING_REJECTED', message: allOrNothingMessage(check.counts.errorRows) }],
            null,
          );
        }
        await this.store.reset(imp.id);
      } else if (imp.lastAppliedLine === 0) {
        await this.store.reset(imp.id);
      }
      const resumeCounts: Counts =
        imp.lastAppliedLine > 0 ? { ...countsOf(imp), warnings: imp.warnings } : emptyCounts();
      const result = await this.pass(
        imp,
        model,
        imp.mode === 'apply',
        true,
        imp.lastAppliedLine,
        resumeCounts,
        estimate,
      );
      if (result.cancelled) return await this.finish(imp.id, 'cancelled');
      await this.finish(imp.id, imp.mode === 'apply' ? 'completed' : 'validated', result.counts.rows);
      await this.notifyCompleted(imp.id);
    } catch (error) {
      if (error instanceof HeaderError) {
        return this.fail(
          imp,
          error.issues.map((issue) => ({
            code: issue.code,
            message: `${issue.column ? `Column "${issue.column}": ` : ''}${issue.message}`,
          })),
          error.issues,
        );
      }
      if (error instanceof ImportFileError) {
        const issue = fileIssue(error.line, error.code, error.message);
        return this.fail(imp, [{ code: error.code, message: error.message }], [issue]);
      }
      if (!finalAttempt) throw error;
      this.logger.error(`import ${importId} failed: ${(error as Error).stack ?? error}`);
      await this.fail(imp, [], null, 'The import stopped on an unexpected error; it has been logged. Try again later.');
    }
  }

  private uploadPath(imp: Import): string {
    return join(this.config.FILES_DIR, 'imports', imp.storedName);
  }

  private zipLimits(): ZipLimits {
    return { maxUnzippedBytes: this.config.MAX_UNZIPPED_BYTES, maxRatio: this.config.MAX_ZIP_RATIO };
  }

  private async pass(
    imp: Import,
    model: FieldModel,
    write: boolean,
    checkpoint: boolean,
    resumeAfter: number,
    counts: Counts,
    total: () => number | null,
  ): Promise<RunResult> {
    const { stream: input, format, bytes } = await openUpload(this.uploadPath(imp), this.zipLimits());
    try {
      return await this.engine.run(input, {
        importId: imp.id,
        institutionId: imp.institutionId,
        model,
        onConflict: imp.onConflict,
        write,
        checkpoint,
        resumeAfter,
        counts,
        batchSize: this.config.IMPORT_BATCH_SIZE,
        maxLineBytes: this.config.MAX_LINE_BYTES,
        format,
        parseInThread: bytes >= this.config.IMPORT_PARSE_THREAD_MIN_BYTES,
        zipLimits: this.zipLimits(),
        maxSharedStringChars: this.config.MAX_UNZIPPED_BYTES,
        isCancelled: () => this.store.isCancelRequested(imp.id),
        total,
      });
    } finally {
      input.destroy();
    }
  }

  private async finish(
    importId: number,
    status: 'validated' | 'completed' | 'cancelled',
    total?: number,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE imports SET status = ?, finished_at = NOW(3), total = COALESCE(?, total, processed) WHERE id = ? AND status IN ('queued', 'running')`,
      [status, total ?? null, importId],
    );
  }

  private async fail(imp: Import, fileErrors: FileError[], issues: Issue[] | null, error?: string): Promise<void> {
    if (issues?.length) await this.store.insertIssues(this.dataSource, imp.id, issues);
    await this.dataSource.query(
      `UPDATE imports SET status = 'failed', finished_at = NOW(3), file_errors = ?, error = ?, total = COALESCE(total, processed) WHERE id = ?`,
      [JSON.stringify(fileErrors), error ?? (fileErrors.map((e) => e.message).join(' ') || null), imp.id],
    );
    await this.notifyFailed(imp.id);
  }

  private async notifyCompleted(importId: number): Promise<void> {
    const imp = (await this.load(importId))!;
    if (!imp.email) return;
    const file = await this.reports.writeFile(imp.id);
    const { firstIssues, issueCount } = await this.reports.summary(imp.id);
    const exp = Math.floor(Date.now() / 1000) + this.config.DOWNLOAD_LINK_TTL_SECONDS;
    const token = signLink(
      { kind: 'import-report', id: imp.id, institutionId: imp.institutionId, exp },
      this.config.SIGNING_SECRET,
    );
    await enqueueNotification(this.notifications, {
      type: 'import.completed',
      institutionId: imp.institutionId,
      to: imp.email,
      locale: imp.locale as Locale,
      dedupeKey: `import:${imp.id}:${imp.mode}:${imp.status}`,
      importId: imp.id,
      mode: imp.mode,
      status: imp.status,
      dataType: imp.dataType,
      fileName: imp.originalName,
      counts: countsOf(imp),
      firstIssues,
      issueCount,
      reportPath: file.path,
      reportSize: file.size,
      reportUrl: `${this.config.PUBLIC_URL_IMPORT.replace(/\/$/, '')}/reports/${token}`,
    });
  }

  private async notifyFailed(importId: number): Promise<void> {
    const imp = (await this.load(importId))!;
    if (!imp.email) return;
    await enqueueNotification(this.notifications, {
      type: 'import.failed',
      institutionId: imp.institutionId,
      to: imp.email,
      locale: imp.locale as Locale,
      dedupeKey: `import:${imp.id}:${imp.mode}:failed`,
      importId: imp.id,
      mode: imp.mode,
      dataType: imp.dataType,
      fileName: imp.originalName,
      error: imp.error ?? 'The import failed',
      fileErrors: imp.fileErrors ?? [],
    });
  }

  /**
   * Restores, from the change log, the old values of the fields that still hold what the import
   * wrote; fields changed since are reported (CHANGED_SINCE_IMPORT). Resumable: each batch marks its
   * changes reverted in the same transaction.
   */
  async revert(importId: number, finalAttempt: boolean): Promise<void> {
    const imp = await this.load(importId);
    if (!imp || imp.status !== 'running') return;
    try {
      await (imp.dataType === 'contacts' ? this.contactRevert.run(imp) : this.revertFields(imp));
      await this.dataSource.query(`UPDATE imports SET status = 'reverted', finished_at = NOW(3) WHERE id = ?`, [
        imp.id,
      ]);
    } catch (error) {
      if (!finalAttempt) throw error;
      this.logger.error(`revert of import ${importId} failed: ${(error as Error).stack ?? error}`);
      await this.dataSource.query(`UPDATE imports SET status = 'completed', error = ? WHERE id = ?`, [
        'The revert stopped on an unexpected error; it has been logged. Ask for the revert again.',
        imp.id,
      ]);
    }
  }

  /** Criteria and authorizations: restores the logged old values, batch by batch. */
  private async revertFields(imp: Import): Promise<void> {
    const model = await FieldModel.load(this.dataSource, imp.institutionId, imp.dataType);
    const fieldIds = [...model.byCode.values()].map((field) => field.id);
    let after = 0;
    for (;;) {
      const changes: {
        id: number;
        contact_id: number;
        field_code: string;
        old_value: string;
        new_value: string;
        line: number;
      }[] = await this.dataSource.query(
        'SELECT id, contact_id, field_code, old_value, new_value, line FROM import_changes WHERE import_id = ? AND reverted = 0 AND id > ? ORDER BY id LIMIT ?',
        [imp.id, after, this.config.IMPORT_BATCH_SIZE],
      );
      if (!changes.length) break;
      after = Number(changes[changes.length - 1].id);
      const current = await this.store.loadCurrent(imp.institutionId, model, fieldIds, [
        ...new Set(changes.map((c) => Number(c.contact_id))),
      ]);
      const writes: FieldWrite[] = [];
      const issues: Issue[] = [];
      const done: number[] = [];
      for (const change of changes) {
        const contactId = Number(change.contact_id);
        const field = model.byCode.get(change.field_code);
        const now = field ? (current.get(contactId)?.get(field.id) ?? '') : undefined;
        const cell = field && restoreCell(field, change.old_value);
        if (!field || !current.has(contactId) || now !== change.new_value || !cell) {
          issues.push({
            line: Number(change.line),
            contactId: String(contactId),
            column: change.field_code,
            value: now ?? null,
            code: 'CHANGED_SINCE_IMPORT',
            severity: 'conflict',
            message: `${change.field_code} of contact ${contactId} was changed after the import (it holds "${now ?? ''}", the import wrote "${change.new_value}"); it was not restored to "${change.old_value}"`,
          });
        } else {
          writes.push({ contactId, field, oldValue: now, newValue: change.old_value, cell, line: Number(change.line) });
        }
        done.push(Number(change.id));
      }
      await this.store.commit([
        ...this.store.valueStatements(model, writes),
        { sql: 'UPDATE import_changes SET reverted = 1 WHERE id IN (?)', params: [done] },
        ...this.store.issueStatements(imp.id, issues),
      ]);
    }
  }
}

export function countsOf(imp: Import): ImportCounts {
  return {
    rows: imp.rows,
    validRows: imp.validRows,
    errorRows: imp.errorRows,
    changes: imp.changes,
    unchanged: imp.unchanged,
    conflicts: imp.conflicts,
    applied: imp.applied,
  };
}
