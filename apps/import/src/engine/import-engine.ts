import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import {
  CsvInputError,
  CsvRecord,
  INFO_COLUMNS,
  parseHeader,
  readCsv,
  readCsvInWorker,
  readXlsx,
  XlsxInputError,
} from '@app/csv-schema';
import { ContactRows } from './contact-rows';
import { FieldModel } from './field-model';
import { ImportStore, Statement } from './import-store';
import {
  compareRow,
  Counts,
  CurrentValues,
  FieldColumn,
  fileIssue,
  FieldWrite,
  headerIssues,
  IdSet,
  Issue,
  prepareRow,
  PreparedRow,
  readContactId,
  RowLayout,
} from './row-check';
import { ImportFileError, UploadFormat, ZipLimits } from './upload-file';

export interface RunOptions {
  importId: number;
  institutionId: number;
  model: FieldModel;
  onConflict: 'skip' | 'overwrite';
  /** Write the field values and the change log (apply) or only the report (validate). */
  write: boolean;
  /** Record the resume cursor with each commit. */
  checkpoint: boolean;
  /** Lines up to this one are already committed (resume after a crash). */
  resumeAfter: number;
  /** Counts committed with the cursor (when resuming), else zero counts. */
  counts: Counts;
  batchSize: number;
  maxLineBytes: number;
  /** What `input` holds: CSV text (the default) or an .xlsx workbook. */
  format?: UploadFormat;
  /** CSV only: parse on a thread of its own, beside the checks and the database work (worth it for large files). */
  parseInThread?: boolean;
  /** XLSX only: most characters of text the workbook's shared strings may hold. */
  maxSharedStringChars?: number;
  /** XLSX only: what the workbook's parts may really inflate to, whatever its zip headers declare. */
  zipLimits?: ZipLimits;
  isCancelled: () => Promise<boolean>;
  /** progress.total as counted beside the run (null until known): written with each batch's counts. */
  total?: () => number | null;
}

export interface RunResult {
  counts: Counts;
  cancelled: boolean;
  lastLine: number;
}

/** A header problem found while reading the first line: each becomes a fileError and a report line. */
export class HeaderError extends Error {
  constructor(readonly issues: Issue[]) {
    super(issues.map((issue) => issue.message).join('; '));
  }
}

/**
 * What the engine needs from a data type: read the header, check a row alone, load a batch's
 * current values, compare, and the statements that write a batch. One instance per run (it keeps
 * the file-wide state: contacts and e-mails seen).
 */
export interface RowKind<Row extends { line: number } = { line: number }, Current = unknown, Writes = unknown> {
  readHeader(record: CsvRecord): void;
  /** A line committed before a resume: only remember what file-wide checks need. */
  remember(record: CsvRecord): void;
  prepare(record: CsvRecord): Row | undefined;
  load(rows: Row[]): Promise<Current>;
  compare(rows: Row[], current: Current, counts: Counts, issues: Issue[]): Writes;
  writeStatements(writes: Writes): { statements: Statement[]; applied: number };
}

/** Criteria and authorizations: `[old]`/`[new]` values of existing contacts. */
class FieldRows implements RowKind<PreparedRow, CurrentValues, FieldWrite[]> {
  private layout!: RowLayout;
  private fieldIds: number[] = [];
  private readonly seen = new IdSet();

  constructor(
    private readonly store: ImportStore,
    private readonly options: RunOptions,
    private readonly headerReader: (record: CsvRecord, model: FieldModel) => RowLayout,
  ) {}

  readHeader(record: CsvRecord): void {
    this.layout = this.headerReader(record, this.options.model);
    this.fieldIds = this.layout.columns.map((column) => column.field.id);
  }

  remember(record: CsvRecord): void {
    const id = readContactId(record.cells[this.layout.contactIndex] ?? '');
    if (id !== null) this.seen.add(id);
  }

  prepare(record: CsvRecord): PreparedRow | undefined {
    return prepareRow(record, this.layout, this.seen);
  }

  load(rows: PreparedRow[]): Promise<CurrentValues> {
    const ids = rows.filter((row) => row.contactId !== null).map((row) => row.contactId!);
    return this.store.loadCurrent(this.options.institutionId, this.options.model, this.fieldIds, ids);
  }

  compare(rows: PreparedRow[], current: CurrentValues, counts: Counts, issues: Issue[]): FieldWrite[] {
    const writes: FieldWrite[] = [];
    for (const row of rows)
      compareRow(row, this.layout.columns, current, this.options.onConflict, counts, issues, writes);
    return writes;
  }

  writeStatements(writes: FieldWrite[]): { statements: Statement[]; applied: number } {
    return {
      statements: [
        ...this.store.valueStatements(this.options.model, writes),
        ...this.store.changeStatements(this.options.importId, writes),
      ],
      applied: writes.length,
    };
  }
}

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
  constructor(private readonly store: ImportStore) {}

  async run(input: Readable, options: RunOptions): Promise<RunResult> {
    const { store } = this;
    const kind: RowKind =
      options.model.dataType === 'contacts'
        ? await ContactRows.create(store, options, HeaderError)
        : new FieldRows(store, options, (record, model) => this.readHeader(record, model));
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
    const grouped = options.model.dataType !== 'contacts';
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
      return store.commit([
        ...toWrite,
        ...store.issueStatements(options.importId, toReport),
        store.progressStatement(options.importId, counts, cursor, options.total?.()),
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

  /** Reads the header: contact_id and known `[old]`/`[new]` columns, else file-level errors. */
  private readHeader(record: CsvRecord, model: FieldModel): RowLayout {
    const parsed = parseHeader(record.cells, model.isKnownCode, { infoColumns: INFO_COLUMNS });
    const issues = headerIssues(record.line, parsed.issues);
    const contact = parsed.columns.find((column) => column.kind === 'contact_id');
    if (!issues.length && !parsed.fields.length) {
      const type = model.dataType === 'authorizations' ? 'authorization' : 'criterion';
      issues.push(
        fileIssue(
          record.line,
          'NO_FIELD_COLUMNS',
          `The header has no [new] column of a known ${type} code; use the template's header, e.g. "[new] CODE"`,
        ),
      );
    }
    if (issues.length || !contact) {
      if (!issues.length) {
        issues.push(fileIssue(record.line, 'MISSING_CONTACT_ID', 'The header has no contact_id column'));
      }
      throw new HeaderError(issues);
    }
    const columns: FieldColumn[] = parsed.fields.map((field) => ({
      field: model.byCode.get(field.code)!,
      newIndex: field.newIndex,
      newName: record.cells[field.newIndex],
      oldIndex: field.oldIndex,
      oldName: field.oldIndex === undefined ? undefined : record.cells[field.oldIndex],
    }));
    return { contactIndex: contact.index, headerLength: record.cells.length, columns };
  }
}
