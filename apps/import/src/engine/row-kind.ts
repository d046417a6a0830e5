import type { DataType } from '@app/csv-schema';
import type { CsvRecord } from '@app/csv-schema';
import type {
  BatchWriter,
  ContactsRepository,
  FieldValuesRepository,
  ImportsRepository,
  Statement,
} from '@app/database';
import type { FieldSets } from '@app/fields';
import type { Counts, Issue } from './row-check';
import type { UploadFormat, ZipLimits } from './upload-file';

/** The contract between the import engine and the kinds of rows it runs (field rows, contact rows). */

export interface RunOptions {
  importId: number;
  institutionId: number;
  dataType: DataType;
  /** The institution's fields of every kind. */
  fields: FieldSets;
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
  /** XLSX only: most memory the workbook's shared strings may take (MAX_XLSX_SHARED_STRING_BYTES). */
  maxSharedStringBytes?: number;
  /** XLSX only: most strings the workbook's shared strings may hold (MAX_XLSX_SHARED_STRINGS). */
  maxSharedStrings?: number;
  /** XLSX only: most cells the sheet may hold (MAX_XLSX_CELLS). */
  maxXlsxCells?: number;
  /** The process's scratch directory (SCRATCH_DIR): where a workbook's sheet that must wait is spooled. */
  scratchDir?: string;
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
  /**
   * Whether the batches of about a second may share one transaction (rows of different batches never touch the same
   * contact).
   */
  readonly groupsBatches: boolean;
}

/**
 * What a row kind is built from: the run's options and the repositories it reads and writes through (FieldReaders too).
 */
export interface RowKindContext {
  options: RunOptions;
  values: FieldValuesRepository;
  contacts: ContactsRepository;
  imports: ImportsRepository;
  writer: BatchWriter;
}
