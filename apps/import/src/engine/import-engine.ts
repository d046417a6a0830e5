import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { CsvInputError, CsvRecord, INFO_COLUMNS, parseHeader, readCsv } from '@app/csv-schema';
import { FieldModel } from './field-model';
import { ImportStore } from './import-store';
import { compareRow, Counts, CurrentValues, FieldColumn, FieldWrite, IdSet, Issue, prepareRow, PreparedRow, readContactId, RowLayout } from './row-check';
import { ImportFileError } from './upload-file';

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
  isCancelled: () => Promise<boolean>;
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

interface PendingBatch {
  rows: PreparedRow[];
  current: Promise<CurrentValues>;
}

const FLUSH_EVERY_MS = 1000;
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
    const { model, store } = { model: options.model, store: this.store };
    const counts = { ...options.counts };
    const seen = new IdSet();
    let layout: RowLayout | undefined;
    let fieldIds: number[] = [];
    let batch: PreparedRow[] = [];
    let pending: PendingBatch | undefined;
    let writing: Promise<void> = Promise.resolve();
    let bufferedIssues: Issue[] = [];
    let lastFlush = Date.now();
    let lastCancelCheck = Date.now();
    let lastLine = options.resumeAfter;
    let cancelled = false;

    const commit = (issues: Issue[], writes: FieldWrite[], line: number, final: boolean) => {
      const cursor = options.checkpoint ? line : undefined;
      if (options.write) {
        counts.applied += writes.length;
        return store.commit([
          ...store.valueStatements(model, writes),
          ...store.changeStatements(options.importId, writes),
          ...store.issueStatements(options.importId, issues),
          store.progressStatement(options.importId, counts, cursor),
        ]);
      }
      // validate: report lines and counts are committed together at most once a second.
      for (const issue of issues) bufferedIssues.push(issue);
      if (!final && Date.now() - lastFlush < FLUSH_EVERY_MS && bufferedIssues.length < MAX_BUFFERED_ISSUES) return Promise.resolve();
      lastFlush = Date.now();
      const toInsert = bufferedIssues;
      bufferedIssues = [];
      return store.commit([...store.issueStatements(options.importId, toInsert), store.progressStatement(options.importId, counts, cursor)]);
    };

    const finish = async (done: PendingBatch, final: boolean) => {
      const current = await done.current;
      const issues: Issue[] = [];
      const writes: FieldWrite[] = [];
      for (const row of done.rows) compareRow(row, layout!.columns, current, options.onConflict, counts, issues, writes);
      const line = done.rows.length ? done.rows[done.rows.length - 1].line : lastLine;
      await writing;
      lastLine = line;
      writing = commit(issues, writes, line, final);
      writing.catch(() => undefined);
    };

    const startBatch = (rows: PreparedRow[]): PendingBatch => {
      const ids = rows.filter((row) => row.contactId !== null).map((row) => row.contactId!);
      const current = store.loadCurrent(options.institutionId, model, fieldIds, ids);
      current.catch(() => undefined);
      return { rows, current };
    };

    try {
      for await (const record of readCsv(input, { maxLineBytes: options.maxLineBytes }) as AsyncIterable<CsvRecord>) {
        if (!layout) {
          layout = this.readHeader(record, model);
          fieldIds = layout.columns.map((column) => column.field.id);
          continue;
        }
        if (record.line <= options.resumeAfter) {
          // Already committed: only remember the contact for duplicate detection.
          const id = readContactId(record.cells[layout.contactIndex] ?? '');
          if (id !== null) seen.add(id);
          continue;
        }
        const row = prepareRow(record, layout, seen);
        if (!row) continue;
        batch.push(row);
        if (batch.length < options.batchSize) continue;
        const next = startBatch(batch);
        batch = [];
        if (pending) await finish(pending, false);
        pending = next;
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
      if (error instanceof CsvInputError) throw new ImportFileError(error.code, error.message, error.line);
      throw error;
    }
    if (!layout) throw new ImportFileError('EMPTY_FILE', 'The file is empty; upload the template with its header line');
    if (batch.length && !cancelled) {
      const last = startBatch(batch);
      if (pending) await finish(pending, false);
      pending = last;
    }
    if (pending) await finish(pending, true);
    await writing;
    if (!options.write && (bufferedIssues.length || !pending)) {
      await commit([], [], lastLine, true);
    }
    return { counts, cancelled, lastLine };
  }

  /** Reads the header: contact_id and known `[old]`/`[new]` columns, else file-level errors. */
  private readHeader(record: CsvRecord, model: FieldModel): RowLayout {
    const parsed = parseHeader(record.cells, model.isKnownCode, { infoColumns: INFO_COLUMNS });
    const issues: Issue[] = parsed.issues.map((issue) => ({
      line: record.line,
      contactId: '',
      column: issue.column,
      value: issue.column,
      code: issue.code,
      severity: 'error',
      message: issue.message,
    }));
    const contact = parsed.columns.find((column) => column.kind === 'contact_id');
    if (!issues.length && !parsed.fields.length) {
      const type = model.dataType === 'authorizations' ? 'authorization' : 'criterion';
      issues.push({
        line: record.line,
        contactId: '',
        column: '',
        value: null,
        code: 'NO_FIELD_COLUMNS',
        severity: 'error',
        message: `The header has no [new] column of a known ${type} code; use the template's header, e.g. "[new] CODE"`,
      });
    }
    if (issues.length || !contact) {
      if (!issues.length) {
        issues.push({ line: record.line, contactId: '', column: '', value: null, code: 'MISSING_CONTACT_ID', severity: 'error', message: 'The header has no contact_id column' });
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
