import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, signLink } from '@app/common';
import type { FileError, Import } from '@app/database';
import { BatchWriter, CodesRepository, ImportsRepository, keptFileErrors, loggableError } from '@app/database';
import type { FieldSets } from '@app/fields';
import { loadFieldSets } from '@app/fields';
import type { ImportCounts, Locale } from '@app/queues';
import { NotificationJobs } from '@app/queues';
import { FileStore, ScratchDir } from '@app/storage';
import { HeaderError, ImportEngine, RunResult } from './engine/import-engine';
import type { Counts, Issue } from './engine/row-check';
import { emptyCounts, fileIssue } from './engine/row-check';
import { countRows } from './engine/row-count';
import type { UploadSource, ZipLimits } from './engine/upload-file';
import { ImportFileError, openUpload, storedUpload } from './engine/upload-file';
import { uploadKey } from './upload-storage';
import { ImportRevert } from './revert/import-revert.service';
import { ReportService } from './reports/report.service';

/** Which delivery of its job a run is: an error is thrown (Bull retries) unless it is the last one. */
export interface JobAttempt {
  finalAttempt: boolean;
}

/** One pass over the upload: apply writes values and the change log; a checkpointed pass records its resume cursor. */
interface PassOptions {
  write: boolean;
  checkpoint: boolean;
  /** Lines up to this one are already committed. */
  resumeAfter: number;
  counts: Counts;
}

const FINISHED = new Set(['validated', 'completed', 'failed', 'cancelled', 'reverted']);

/** Why an import whose job stopped for good (every attempt failed, or failing it failed) is failed. */
export const STOPPED_MESSAGE = 'The import stopped on an unexpected error; it has been logged. Try again later.';

/** How far an import's job got, as its row records it: what the crash guard compares from one start to the next. */
export type ImportProgress = { line: number; processed: number } | { pendingChange: number };

/** Why an import (or its revert) whose job stopped its worker twice at the same point is failed, not retried. */
export function crashLoopMessage(at: ImportProgress): string {
  if ('pendingChange' in at)
    return `The revert stopped its worker twice at the same point (change ${at.pendingChange} of the change log); it was not retried, so that it cannot stop it again. Contact support before asking for the revert again.`;
  const point = at.line
    ? `after line ${at.line} of the file`
    : at.processed
      ? `after ${at.processed} rows checked`
      : 'before its first batch was saved';
  return `The import stopped its worker twice at the same point (${point}); it was not retried, so that it cannot stop it again. Look in the file after that point for something unusual (a huge cell, a workbook with very many texts), fix or split it and import again, or contact support.`;
}

export const allOrNothingMessage = (n: number) =>
  `${n} rows have errors; nothing was applied because allOrNothing=true. Fix them (see the report) and import again.`;

/** Runs import and revert jobs: the logic behind the thin Bull processor. */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger(ImportRunner.name);

  constructor(
    private readonly config: AppConfig,
    private readonly imports: ImportsRepository,
    private readonly codes: CodesRepository,
    private readonly writer: BatchWriter,
    private readonly engine: ImportEngine,
    private readonly reports: ReportService,
    private readonly importRevert: ImportRevert,
    private readonly notifications: NotificationJobs,
    private readonly store: FileStore,
    private readonly scratch: ScratchDir,
  ) {}

  private load(importId: number): Promise<Import | null> {
    return this.imports.find(importId);
  }

  /** Validates or applies an import; resumes after the last committed batch when run again. */
  async process(importId: number, { finalAttempt }: JobAttempt): Promise<void> {
    const found = await this.load(importId);
    if (!found || FINISHED.has(found.status)) return;
    if (!(await this.imports.start(importId))) {
      await this.finish(importId, 'cancelled');
      return;
    }
    const imp = (await this.load(importId))!;
    // progress.total, counted beside the run; the run's own progress statement writes it (no second writer of the row).
    let total: number | null = null;
    void this.upload(imp)
      .then((source) => countRows(source, this.zipLimits()))
      .then(
        (rows) => (total = rows),
        () => undefined,
      );
    const estimate = () => total;
    try {
      const fields = loadFieldSets(await this.codes.codeMaps(imp.institutionId));
      if (imp.mode === 'apply' && imp.allOrNothing && imp.lastAppliedLine === 0) {
        await this.imports.reset(imp.id);
        const checkOnly = { write: false, checkpoint: false, resumeAfter: 0, counts: emptyCounts() };
        const check = await this.pass(imp, fields, checkOnly, estimate);
        if (check.cancelled) return await this.finish(imp.id, 'cancelled');
        if (check.counts.errorRows > 0) {
          return await this.fail(
            imp,
            [{ code: 'ALL_OR_NOTHING_REJECTED', message: allOrNothingMessage(check.counts.errorRows) }],
            null,
          );
        }
        await this.imports.reset(imp.id);
      } else if (imp.lastAppliedLine === 0) {
        await this.imports.reset(imp.id);
      }
      const resumeCounts: Counts =
        imp.lastAppliedLine > 0 ? { ...countsOf(imp), warnings: imp.warnings } : emptyCounts();
      const run = {
        write: imp.mode === 'apply',
        checkpoint: true,
        resumeAfter: imp.lastAppliedLine,
        counts: resumeCounts,
      };
      const result = await this.pass(imp, fields, run, estimate);
      if (result.cancelled) return await this.finish(imp.id, 'cancelled');
      await this.finish(imp.id, imp.mode === 'apply' ? 'completed' : 'validated', result.counts.rows);
      await this.notifyCompleted(imp.id);
    } catch (error) {
      await this.failOn(error, imp, finalAttempt);
    }
  }

  /**
   * A file or header error fails the import with its report lines; another error is retried, then logged. On the last
   * attempt, an error while failing it (the database refusing the row) still leaves it failed, with STOPPED_MESSAGE.
   */
  private async failOn(error: unknown, imp: Import, finalAttempt: boolean): Promise<void> {
    try {
      await this.failWith(error, imp, finalAttempt);
    } catch (failing) {
      if (!finalAttempt) throw failing;
      if (failing !== error) this.logger.error(`import ${imp.id} could not be failed: ${(failing as Error).stack}`);
      await this.stopped(imp.id);
    }
  }

  private async failWith(error: unknown, imp: Import, finalAttempt: boolean): Promise<void> {
    if (error instanceof HeaderError) {
      const fileErrors = error.issues.map((issue) => ({
        code: issue.code,
        message: `${issue.column ? `Column "${issue.column}": ` : ''}${issue.message}`,
      }));
      return this.fail(imp, fileErrors, error.issues);
    }
    if (error instanceof ImportFileError) {
      const issue = fileIssue(error.line, error.code, error.message);
      return this.fail(imp, [{ code: error.code, message: error.message }], [issue]);
    }
    if (!finalAttempt) throw error;
    this.logger.error(`import ${imp.id} failed: ${loggableError(error)}`);
    await this.fail(imp, [], null, STOPPED_MESSAGE);
  }

  /** Where the import's run (or revert) is, as its row records it. */
  async progress(importId: number): Promise<ImportProgress> {
    const imp = await this.load(importId);
    if (imp?.revertRequested) return { pendingChange: await this.imports.firstPendingChange(importId) };
    return { line: imp?.lastAppliedLine ?? 0, processed: imp?.processed ?? 0 };
  }

  /** Fails an import whose job stopped its worker twice at `at` (see crashLoopMessage); answers why. */
  async crashLooped(importId: number, at: ImportProgress): Promise<string> {
    const message = crashLoopMessage(at);
    this.logger.error(`import ${importId}: ${message}`);
    await this.stopped(importId, message);
    return message;
  }

  /**
   * Fails (or, for a revert, completes again) an import whose job stopped for good without the run saying so, and
   * e-mails its failure; nothing when it is already finished.
   */
  async stopped(importId: number, reason = STOPPED_MESSAGE): Promise<void> {
    if (await this.imports.failStopped(importId, reason)) {
      const imp = await this.load(importId);
      if (imp?.status === 'failed') await this.notifyFailed(importId);
    }
  }

  private upload(imp: Import): Promise<UploadSource> {
    return storedUpload(this.store, uploadKey(imp.storedName));
  }

  private zipLimits(): ZipLimits {
    return { maxUnzippedBytes: this.config.MAX_UNZIPPED_BYTES, maxRatio: this.config.MAX_ZIP_RATIO };
  }

  private async pass(
    imp: Import,
    fields: FieldSets,
    { write, checkpoint, resumeAfter, counts }: PassOptions,
    total: () => number | null,
  ): Promise<RunResult> {
    const { stream: input, format, bytes } = await openUpload(await this.upload(imp), this.zipLimits());
    try {
      return await this.engine.run(input, {
        importId: imp.id,
        institutionId: imp.institutionId,
        dataType: imp.dataType,
        fields,
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
        maxSharedStringBytes: this.config.MAX_XLSX_SHARED_STRING_BYTES,
        maxSharedStrings: this.config.MAX_XLSX_SHARED_STRINGS,
        maxXlsxCells: this.config.MAX_XLSX_CELLS,
        scratchDir: this.scratch.path,
        isCancelled: () => this.imports.isCancelRequested(imp.id),
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
    await this.imports.finish(importId, status, total);
  }

  private async fail(imp: Import, fileErrors: FileError[], issues: Issue[] | null, error?: string): Promise<void> {
    if (issues?.length) await this.writer.run(this.imports.issueStatements(imp.id, issues));
    await this.imports.fail(imp.id, fileErrors, error ?? fileErrorsMessage(fileErrors));
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
    await this.notifications.send({
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
    await this.notifications.send({
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
  async revert(importId: number, { finalAttempt }: JobAttempt): Promise<void> {
    const imp = await this.load(importId);
    if (!imp || imp.status !== 'running') return;
    try {
      await this.importRevert.run(imp);
      await this.imports.reverted(imp.id);
    } catch (error) {
      if (!finalAttempt) throw error;
      this.logger.error(`revert of import ${importId} failed: ${loggableError(error)}`);
      await this.imports.revertFailed(
        imp.id,
        'The revert stopped on an unexpected error; it has been logged. Ask for the revert again.',
      );
    }
  }
}

/** The file errors kept on the row, in one message, saying how many more the report has. */
function fileErrorsMessage(fileErrors: FileError[]): string | null {
  const { kept, omitted } = keptFileErrors(fileErrors);
  const more = omitted ? [`(and ${omitted} more file errors: see the report)`] : [];
  return [...kept.map((e) => e.message), ...more].join(' ') || null;
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
