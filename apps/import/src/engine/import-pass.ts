import type { Readable } from 'node:stream';
import type { CsvRecord } from '@app/csv-schema';
import { CsvInputError, readCsv, readCsvInWorker, readXlsx, XlsxInputError } from '@app/csv-schema';
import type { BatchWriter, ImportsRepository, Statement } from '@app/database';
import type { Counts, Issue } from './row-check';
import type { RowKind, RunOptions, RunResult } from './row-kind';
import { ImportFileError } from './upload-file';

interface PendingBatch {
  rows: { line: number }[];
  current: Promise<unknown>;
}

const FLUSH_EVERY_MS = 1000;
/** Current-values reads started ahead of the batch being checked. */
const READS_IN_FLIGHT = 3;
/** A transaction of grouped batches holds at most this many statements. */
const MAX_BUFFERED_STATEMENTS = 200;
const MAX_BUFFERED_ISSUES = 5000;

/** The one place that tells the formats apart: both give records of text cells with spreadsheet line numbers. */
function readRecords(input: Readable, options: RunOptions): AsyncIterable<CsvRecord> {
  if (options.format === 'xlsx') {
    return readXlsx(input, {
      maxSharedStringBytes: options.maxSharedStringBytes,
      maxSharedStrings: options.maxSharedStrings,
      maxTotalCells: options.maxXlsxCells,
      inflateLimits: options.zipLimits,
      spoolDir: options.scratchDir,
    });
  }
  return options.parseInThread
    ? readCsvInWorker(input, { maxLineBytes: options.maxLineBytes })
    : readCsv(input, { maxLineBytes: options.maxLineBytes });
}

/**
 * One run over one upload. Reading is overlapped with the database: a batch's current-values query runs while
 * the next batch is parsed, and its write transaction runs while the one after is parsed and checked. Report
 * lines, values, change log, counts and cursor are committed together, at most once a second.
 */
export class ImportPass {
  private readonly counts: Counts;
  private headerRead = false;
  private batch: { line: number }[] = [];
  /** Batches whose current values are being read, oldest first: a few reads in flight hide the database's latency. */
  private readonly inFlight: PendingBatch[] = [];
  private finishedAny = false;
  private writing: Promise<void> = Promise.resolve();
  private bufferedIssues: Issue[] = [];
  private bufferedStatements: Statement[] = [];
  private lastFlush = Date.now();
  private lastCancelCheck = Date.now();
  private lastLine: number;
  private cancelled = false;
  /** Grouped batches (criteria, authorizations) read a few ahead; contacts one at a time. */
  private readonly readsAhead: number;

  constructor(
    private readonly kind: RowKind,
    private readonly options: RunOptions,
    private readonly imports: ImportsRepository,
    private readonly writer: BatchWriter,
  ) {
    this.counts = { ...options.counts };
    this.lastLine = options.resumeAfter;
    this.readsAhead = kind.groupsBatches ? READS_IN_FLIGHT : 1;
  }

  async run(input: Readable): Promise<RunResult> {
    try {
      for await (const record of readRecords(input, this.options)) {
        if ((await this.accept(record)) === 'stop') break;
      }
    } catch (error) {
      await this.writing.catch(() => undefined);
      if (error instanceof CsvInputError || error instanceof XlsxInputError)
        throw new ImportFileError(error.code, error.message, error.line);
      throw error;
    }
    if (!this.headerRead)
      throw new ImportFileError('EMPTY_FILE', 'The file is empty; upload the template with its header line');
    await this.drain();
    return { counts: this.counts, cancelled: this.cancelled, lastLine: this.lastLine };
  }

  /** One record: the header, a line committed before a resume, or a row of the batch being filled. */
  private async accept(record: CsvRecord): Promise<'go on' | 'stop'> {
    if (!this.headerRead) {
      this.kind.readHeader(record);
      this.headerRead = true;
      return 'go on';
    }
    if (record.line <= this.options.resumeAfter) {
      // Already committed: only remember what duplicate detection needs.
      this.kind.remember(record);
      return 'go on';
    }
    const row = this.kind.prepare(record);
    if (!row) return 'go on';
    this.batch.push(row);
    if (this.batch.length < this.options.batchSize) return 'go on';
    this.inFlight.push(this.startBatch(this.batch));
    this.batch = [];
    if (this.inFlight.length > this.readsAhead) {
      await this.finish(this.inFlight.shift()!, false);
      this.finishedAny = true;
    }
    return (await this.cancelRequested()) ? 'stop' : 'go on';
  }

  /** Asked about once a second: a cancel request stops the run after the batches already read. */
  private async cancelRequested(): Promise<boolean> {
    if (Date.now() - this.lastCancelCheck < FLUSH_EVERY_MS) return false;
    this.lastCancelCheck = Date.now();
    this.cancelled = await this.options.isCancelled();
    return this.cancelled;
  }

  /** The last batches, then the last write; a validation commits its report and counts even when no batch did. */
  private async drain(): Promise<void> {
    if (this.batch.length && !this.cancelled) this.inFlight.push(this.startBatch(this.batch));
    while (this.inFlight.length) {
      await this.finish(this.inFlight.shift()!, this.inFlight.length === 0);
      this.finishedAny = true;
    }
    await this.writing;
    if (!this.options.write && (this.bufferedIssues.length || !this.finishedAny)) {
      await this.commit([], undefined, this.lastLine, true);
    }
  }

  private startBatch(rows: { line: number }[]): PendingBatch {
    const current = this.kind.load(rows);
    current.catch(() => undefined);
    return { rows, current };
  }

  /** Compares a batch whose current values have arrived, then queues its commit behind the previous one. */
  private async finish(done: PendingBatch, final: boolean): Promise<void> {
    const current = await done.current;
    const issues: Issue[] = [];
    const writes = this.kind.compare(done.rows, current, this.counts, issues);
    const line = done.rows.length ? done.rows[done.rows.length - 1].line : this.lastLine;
    await this.writing;
    this.lastLine = line;
    this.writing = this.commit(issues, writes, line, final);
    this.writing.catch(() => undefined);
  }

  private commit(issues: Issue[], writes: unknown, line: number, final: boolean): Promise<void> {
    this.buffer(issues, writes);
    if (!final && !this.flushDue()) return Promise.resolve();
    this.lastFlush = Date.now();
    const { importId, checkpoint, total } = this.options;
    const statements = [
      ...this.bufferedStatements,
      ...this.imports.issueStatements(importId, this.bufferedIssues),
      this.imports.progressStatement(importId, this.counts, checkpoint ? line : undefined, total?.()),
    ];
    this.bufferedStatements = [];
    this.bufferedIssues = [];
    return this.writer.commit(statements);
  }

  private buffer(issues: Issue[], writes: unknown): void {
    if (this.options.write) {
      const { statements, applied } = this.kind.writeStatements(writes);
      this.counts.applied += applied;
      for (const statement of statements) this.bufferedStatements.push(statement);
    }
    for (const issue of issues) this.bufferedIssues.push(issue);
  }

  /**
   * Grouped batches and validations commit about once a second, or when the buffers are full; an apply of
   * contacts commits each batch (its created contacts take their ids in its own transaction).
   */
  private flushDue(): boolean {
    const full =
      this.bufferedIssues.length >= MAX_BUFFERED_ISSUES || this.bufferedStatements.length >= MAX_BUFFERED_STATEMENTS;
    if (full || (!this.kind.groupsBatches && this.options.write)) return true;
    return Date.now() - this.lastFlush >= FLUSH_EVERY_MS;
  }
}
