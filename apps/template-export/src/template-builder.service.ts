import { Injectable, Logger } from '@nestjs/common';
import archiver from 'archiver';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { MysqlDriver } from 'typeorm/driver/mysql/MysqlDriver';
import type { Pool, PoolConnection } from 'mysql2';
import { AppConfig } from '@app/common';
import type { TemplateExport } from '@app/database';
import { CodesRepository, ContactsRepository, templateValuesQuery } from '@app/database';
import { createCsvWriter, createXlsxTemplateWriter, INFO_COLUMNS, templateHeader } from '@app/csv-schema';
import type { ValueTable } from '@app/fields';
import { loadFieldSets, templateFieldSet } from '@app/fields';
import { FileStore } from '@app/storage';
import { exportBaseName, exportKey } from './export-files';
import { RowCursor } from './row-cursor';
import { ValueJoin } from './value-join';

/** The full condition of the target's contacts over `contacts c`, institution included (targetCondition). */
export interface TargetWhere {
  sql: string;
  params: unknown[];
}

export interface BuildResult {
  rowCount: number;
  fileName: string;
  fileSize: number;
}

export type ProgressReporter = (processed: number, total: number) => Promise<void>;

/** What to read for one export: the header, the field ids in column order, and how to print a value. */
interface Plan {
  header: string[];
  /** Criterion or authorization ids, in the order of the header's [old]/[new] pairs. */
  fieldIds: number[];
  /** Where the values are: a table keyed (contact_id, field column, …); null when none are needed. */
  values: ValueTable | null;
  /**
   * Contacts data type: which contact columns (indexes into the contacts row, the table's order from 1) the fields are.
   */
  contactColumns: number[];
  /** The cell of one field from the first `count` entries of `values` (value ids, or 0/1 answers). */
  format: (values: number[], count: number) => string;
  /** The workbook offers TRUE/FALSE in the field cells. */
  booleanCells: boolean;
}

/**
 * id, then last_name, first_name, email (criteria, authorizations) or every contact column in template form (contacts).
 */
type ContactRow = [number, ...(string | null)[]];

/** Where the rows go: the CSV writer or the workbook writer; a returned promise asks the producer to wait. */
interface RowSink {
  write(row: string[]): Promise<void> | undefined;
  finish(): Promise<void>;
}

// Rows buffered per stream: enough to keep MySQL and Node busy at once, small enough to stay flat.
const CONTACT_ROWS_BUFFERED = 8192;
const VALUE_ROWS_BUFFERED = 65536;
const ZIP_INPUT_BUFFER_BYTES = 8 * 1024 * 1024;

/**
 * Writes the template of one export: streams the target's contacts and their values out of MySQL in
 * contact-id order on two connections, merge-joins them as they come, and pipes the rows through the
 * CSV writer into a zip. Nothing is held per target: memory is the stream buffers, whatever the size.
 */
@Injectable()
export class TemplateBuilderService {
  private readonly logger = new Logger(TemplateBuilderService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly codes: CodesRepository,
    private readonly contactsRepository: ContactsRepository,
    private readonly store: FileStore,
  ) {}

  async build(
    job: TemplateExport,
    where: TargetWhere,
    onProgress: ProgressReporter,
    now = new Date(),
  ): Promise<BuildResult> {
    const plan = await this.plan(job);
    const { total, lo, hi } = await this.contactsRepository.targetSpan(where);
    await onProgress(0, total);
    const values =
      plan.values && plan.fieldIds.length && total > 0
        ? templateValuesQuery(plan.values, plan.fieldIds, where, { total, lo: lo!, hi: hi! })
        : null;

    const baseName = exportBaseName(job.dataType, job.targetId, now);
    const fileName = `${baseName}.zip`;
    const connections: PoolConnection[] = [];
    // The zip streams into the store as it is written (in parts to S3): never whole in memory, nor on a local disk.
    const output = new PassThrough();
    const stored = this.store.write(exportKey(job.id, fileName), output, { contentType: 'application/zip' });
    stored.catch(() => undefined);
    let succeeded = false;
    try {
      const rows = this.contactsRepository.templateRowsQuery(where, plan.contactColumns.length ? 'all' : 'info');
      const contacts = await this.stream(connections, rows.sql, rows.params, CONTACT_ROWS_BUFFERED);
      const valueRows = values ? await this.stream(connections, values.sql, values.params, VALUE_ROWS_BUFFERED) : null;

      const rowCount = await this.writeZip(
        output,
        stored,
        job,
        plan,
        `${baseName}.${job.format === 'xlsx' ? 'xlsx' : 'csv'}`,
        now,
        (sink) => this.writeRows(plan, contacts, valueRows, sink, total, onProgress),
      );
      for (const connection of connections.splice(0)) connection.release();

      const { size } = await stored;
      succeeded = true;
      return { rowCount, fileName, fileSize: size };
    } finally {
      // A half-read result set cannot go back to the pool: close those connections.
      for (const connection of connections) connection.destroy();
      // A failed build's zip is never stored: the store drops what it received (the file driver's partial file, the
      // s3 driver's multipart upload).
      if (!succeeded) {
        output.destroy(new Error(`template export ${job.id} failed`));
        await stored.catch(() => undefined);
      }
    }
  }

  /**
   * A zip written to `output` (which the store reads: `stored` settles once it is stored) holding one entry, the CSV
   * or workbook that `fill` writes the rows into; answers their count.
   */
  private async writeZip(
    output: PassThrough,
    stored: Promise<unknown>,
    job: TemplateExport,
    plan: Plan,
    entryName: string,
    now: Date,
    fill: (sink: RowSink) => Promise<number>,
  ): Promise<number> {
    const zip = archiver('zip', { zlib: { level: this.config.EXPORT_ZIP_LEVEL } });
    zip.pipe(output);
    // A few MiB between the file writer and the zip: Node keeps writing rows while zlib compresses.
    const buffered = new PassThrough({ highWaterMark: ZIP_INPUT_BUFFER_BYTES });
    const xlsx = job.format === 'xlsx';
    // A workbook is a zip already: stored as is, not deflated a second time.
    zip.append(buffered, { name: entryName, date: now, store: xlsx });
    const failure = new Promise<never>((_, reject) => {
      zip.on('error', reject);
      zip.on('warning', reject);
      output.on('error', reject);
      stored.catch(reject);
      buffered.on('error', reject);
    });
    failure.catch(() => undefined);
    const sink = xlsx
      ? this.xlsxSink(plan, job.dataType, buffered)
      : this.csvSink(plan, job.delimiter, buffered, failure);
    const rowCount = await Promise.race([fill(sink), failure]);
    await Promise.race([sink.finish(), failure]);
    await Promise.race([zip.finalize(), failure]);
    return rowCount;
  }

  private async writeRows(
    plan: Plan,
    contacts: Readable,
    valueStream: Readable | null,
    sink: RowSink,
    total: number,
    onProgress: ProgressReporter,
  ): Promise<number> {
    const people = new RowCursor<ContactRow>(contacts);
    const values = new ValueJoin(valueStream, plan.fieldIds);
    const isContacts = plan.contactColumns.length > 0;
    let processed = 0;
    let lastReport = Date.now();
    for (;;) {
      if (people.peek() === undefined && !(await people.fill())) break;
      const contact = people.shift()!;
      const id = contact[0];
      const row: string[] = [String(id)];
      if (isContacts) {
        for (const column of plan.contactColumns) {
          const value = (contact[column] as string) ?? '';
          row.push(value, value);
        }
      } else {
        row.push(contact[1] ?? '', contact[2] ?? '', contact[3] ?? '');
        if (valueStream) await values.collect(id);
        values.cells(plan.format, row);
      }
      processed++;
      const wait = sink.write(row);
      if (wait) await wait;
      if ((processed & 1023) === 0 && Date.now() - lastReport >= 1000) {
        lastReport = Date.now();
        await onProgress(processed, total);
      }
    }
    return processed;
  }

  /** CSV rows (escaped, quoted) into `output`. */
  private csvSink(plan: Plan, delimiter: string, output: PassThrough, failure: Promise<never>): RowSink {
    const csv = createCsvWriter({ delimiter: delimiter === ';' ? ';' : ',', header: plan.header });
    csv.on('error', (error) => output.destroy(error));
    csv.pipe(output);
    return {
      write: (row) => (csv.write(row) ? undefined : Promise.race([once(csv, 'drain'), failure]).then(() => undefined)),
      finish: async () => {
        csv.end();
      },
    };
  }

  /** The same rows as a workbook: codes and ids typed as text, TRUE/FALSE lists on the authorization columns. */
  private xlsxSink(plan: Plan, dataType: string, output: PassThrough): RowSink {
    const fieldsFrom = 1 + INFO_COLUMNS.length;
    const booleanColumns = plan.booleanCells
      ? plan.header.map((_, index) => index).filter((index) => index >= fieldsFrom)
      : [];
    const writer = createXlsxTemplateWriter(output, { header: plan.header, booleanColumns, sheetName: dataType });
    return { write: (row) => writer.addRow(row) || undefined, finish: () => writer.finish() };
  }

  /**
   * What the registry says this export's template is made of: one kind's fields, read with the contact or beside it.
   */
  private async plan(job: TemplateExport): Promise<Plan> {
    const wanted = job.fields ? new Set(job.fields) : null;
    const set = templateFieldSet(loadFieldSets(await this.codes.codeMaps(job.institutionId)), job.dataType);
    const fields = set.fields.filter((field) => !wanted || wanted.has(field.code));
    const header = templateHeader(
      job.dataType,
      fields.map((field) => field.code),
    );
    if (!set.kind.values) {
      // The contact's own columns: read with the contact ([id, ...every column]), nothing to join.
      return {
        header,
        fieldIds: [],
        values: null,
        contactColumns: fields.map((field) => field.id),
        format: () => '',
        booleanCells: false,
      };
    }
    return {
      header,
      fieldIds: fields.map((field) => field.id),
      values: set.kind.values,
      contactColumns: [],
      format: set.formatter(),
      booleanCells: set.kind.booleanCells,
    };
  }

  /** A streamed, array-shaped result on a connection of its own (released or destroyed by the caller). */
  private async stream(
    connections: PoolConnection[],
    sql: string,
    values: unknown[],
    buffered: number,
  ): Promise<Readable> {
    const pool = (this.dataSource.driver as MysqlDriver).pool as Pool;
    const connection = await new Promise<PoolConnection>((resolve, reject) =>
      pool.getConnection((error, got) => (error ? reject(error) : resolve(got))),
    );
    connections.push(connection);
    // GROUP_CONCAT truncates at this length (1 KiB by default on MySQL): far above any contact's values.
    await new Promise<void>((resolve, reject) =>
      connection.query('SET SESSION group_concat_max_len = 16777216', (error) => (error ? reject(error) : resolve())),
    );
    return connection.query({ sql, values, rowsAsArray: true }).stream({ highWaterMark: buffered });
  }
}
