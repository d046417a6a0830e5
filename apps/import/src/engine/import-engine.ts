import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { DataType } from '@app/csv-schema';
import type { CsvRecord } from '@app/csv-schema';
import { CsvInputError, readCsv, readCsvInWorker, readXlsx, XlsxInputError } from '@app/csv-schema';
import type { Statement } from '@app/database';
import { BatchWriter, ContactsRepository, FieldValuesRepository, ImportsRepository } from '@app/database';
import { ContactRows } from './contact-rows';
import { FieldRows } from './field-rows';
import type { Issue } from './row-check';
import type { RowKind, RowKindContext, RunOptions, RunResult } from './row-kind';
import { ImportFileError } from './upload-file';

export { HeaderError } from './row-kind';
export type { RunOptions, RunResult } from './row-kind';

/** The row kind of each data type: the only place the engine tells them apart. */
const ROW_KINDS: Record<DataType, (context: RowKindContext) => Promise<RowKind>> = {
  criteria: FieldRows.create,
  authorizations: FieldRows.create,
  contacts: ContactRows.create,
};

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

/**
 * Streams an upload through the CSV reader and checks and applies it batch by batch. Reading is
 * overlapped with the database: a batch's current-values query runs while the next batch is parsed,
 * and its write transaction runs while the one after is parsed and checked.
 */
@Injectable()
export class ImportEngine {
  constructor(
    private readonly values: FieldValuesRepository,
    private readonly contacts: ContactsRepository,
    private readonly imports: ImportsRepository,
    private readonly writer: BatchWriter,
  ) {}

  async run(input: Readable, options: RunOptions): Promise<RunResult> {
    const { imports, writer } = this;
    const context = { options, values: this.values, contacts: this.contacts, imports, writer };
    const kind = await ROW_KINDS[options.dataType](context);
    const counts = { ...options.counts };
    let headerRead = false;
    let batch: { line: number }[] = [];
    // Batches whose current values are being read, oldest first: a few reads in flight hide the database's latency.
    const inFlight: PendingBatch[] = [];
    let finishedAny = false;
    let writing: Promise<void> = Promise.resolve();
    let bufferedIssues: Issue[] = [];
    let lastFlush = Date.now();
    let lastCancelCheck = Date.now();
    let lastLine = options.resumeAfter;
    let cancelled = false;

    // Criteria and authorizations: the batches of about a second go in one transaction (rows of different
    // batches never touch the same contact). Contacts keep one transaction per batch.
    const grouped = kind.groupsBatches;
    const readsAhead = grouped ? READS_IN_FLIGHT : 1;
    let bufferedStatements: Statement[] = [];
    const commit = (issues: Issue[], writes: unknown, line: number, final: boolean) => {
      const cursor = options.checkpoint ? line : undefined;
      if (options.write) {
        const { statements, applied } = kind.writeStatements(writes);
        counts.applied += applied;
        for (const statement of statements) bufferedStatements.push(statement);
      }
      // Report lines, values, change log, counts and cursor are committed together, at most once a second.
      for (const issue of issues) bufferedIssues.push(issue);
      const full = bufferedIssues.length >= MAX_BUFFERED_ISSUES || bufferedStatements.length >= MAX_BUFFERED_STATEMENTS;
      if (!final && !full && (grouped || !options.write) && Date.now() - lastFlush < FLUSH_EVERY_MS)
        return Promise.resolve();
      lastFlush = Date.now();
      const toWrite = bufferedStatements;
      const toReport = bufferedIssues;
      bufferedStatements = [];
      bufferedIssues = [];
      return writer.commit([
        ...toWrite,
        ...imports.issueStatements(options.importId, toReport),
        imports.progressStatement(options.importId, counts, cursor, options.total?.()),
      ]);
    };

    const finish = async (done: PendingBatch, final: boolean) => {
      const current = await done.current;
      const issues: Issue[] = [];
      const writes = kind.compare(done.rows, current, counts, issues);
      const line = done.rows.length ? done.rows[done.rows.length - 1].line : lastLine;
      await writing;
      lastLine = line;
      writing = commit(issues, writes, line, final);
      writing.catch(() => undefined);
    };

    const startBatch = (rows: { line: number }[]): PendingBatch => {
      const current = kind.load(rows);
      current.catch(() => undefined);
      return { rows, current };
    };

    try {
      // The one place that tells the formats apart: both give records of text cells with spreadsheet line numbers.
      const records: AsyncIterable<CsvRecord> =
        options.format === 'xlsx'
          ? readXlsx(input, { maxSharedStringChars: options.maxSharedStringChars, inflateLimits: options.zipLimits })
          : options.parseInThread
            ? readCsvInWorker(input, { maxLineBytes: options.maxLineBytes })
            : readCsv(input, { maxLineBytes: options.maxLineBytes });
      for await (const record of records) {
        if (!headerRead) {
          kind.readHeader(record);
          headerRead = true;
          continue;
        }
        if (record.line <= options.resumeAfter) {
          // Already committed: only remember what duplicate detection needs.
          kind.remember(record);
          continue;
        }
        const row = kind.prepare(record);
        if (!row) continue;
        batch.push(row);
        if (batch.length < options.batchSize) continue;
        inFlight.push(startBatch(batch));
        batch = [];
        if (inFlight.length > readsAhead) {
          await finish(inFlight.shift()!, false);
          finishedAny = true;
        }
        if (Date.now() - lastCancelCheck >= FLUSH_EVERY_MS) {
          lastCancelCheck = Date.now();
          if (await options.isCancelled()) {
            cancelled = true;
            break;
          }
        }
      }
    } catch (error) {
      await writing.catch(() => undefined);
      if (error instanceof CsvInputError || error instanceof XlsxInputError)
        throw new ImportFileError(error.code, error.message, error.line);
      throw error;
    }
    if (!headerRead)
      throw new ImportFileError('EMPTY_FILE', 'The file is empty; upload the template with its header line');
    if (batch.length && !cancelled) inFlight.push(startBatch(batch));
    while (inFlight.length) {
      await finish(inFlight.shift()!, inFlight.length === 0);
      finishedAny = true;
    }
    await writing;
    if (!options.write && (bufferedIssues.length || !finishedAny)) {
      await commit([], undefined, lastLine, true);
    }
    return { counts, cancelled, lastLine };
  }
}
