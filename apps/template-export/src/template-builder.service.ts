import { Injectable, Logger } from '@nestjs/common';
import archiver from 'archiver';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Readable, Transform } from 'node:stream';
import { DataSource } from 'typeorm';
import type { MysqlDriver } from 'typeorm/driver/mysql/MysqlDriver';
import type { Pool, PoolConnection } from 'mysql2';
import { AppConfig } from '@app/common';
import { TemplateExport } from '@app/database';
import { CONTACT_FIELDS, createCsvWriter, joinMultiValue, templateHeader } from '@app/csv-schema';
import { formatBoolean } from '@app/boolean-rules';
import { loadCodeMaps } from '@app/targeting';
import { exportAbsolutePath, exportBaseName, exportsDir } from './export-files';
import { RowCursor } from './row-cursor';

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
  valuesSql: string | null;
  /** Contacts data type: which contact columns (indexes into the contacts row) the fields are. */
  contactColumns: number[];
  format: (values: unknown[] | null) => string;
}

type ContactRow = [number, string, string, string];
type ValueRow = [number, number, number];

const CONTACT_COLUMN_INDEX: Record<string, number> = { last_name: 1, first_name: 2, email: 3 };
const HIGH_WATER_MARK = 4096;
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

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
  ) {}

  async build(job: TemplateExport, where: TargetWhere, onProgress: ProgressReporter, now = new Date()): Promise<BuildResult> {
    const condition = where.sql;
    const params = where.params;
    const plan = await this.plan(job, condition);

    const [{ total }] = (await this.dataSource.query(`SELECT COUNT(*) AS total FROM contacts c WHERE ${condition}`, params)) as { total: string | number }[];
    await onProgress(0, Number(total));

    const baseName = exportBaseName(job.dataType, job.targetId, now);
    const fileName = `${baseName}.zip`;
    const dir = exportsDir(this.config.FILES_DIR);
    await mkdir(dir, { recursive: true });
    const temporary = join(dir, `.tmp-${job.id}-${randomBytes(6).toString('hex')}.zip`);

    const connections: PoolConnection[] = [];
    let succeeded = false;
    try {
      const contacts = await this.stream(
        connections,
        `SELECT c.id, c.last_name, c.first_name, c.email FROM contacts c WHERE ${condition} ORDER BY c.id`,
        params,
      );
      const values = plan.valuesSql ? await this.stream(connections, plan.valuesSql, [...params, ...plan.fieldIds]) : null;

      const csv = createCsvWriter({ delimiter: job.delimiter === ';' ? ';' : ',', header: plan.header });
      const zip = archiver('zip', { zlib: { level: this.config.EXPORT_ZIP_LEVEL } });
      const output = createWriteStream(temporary);
      const closed = once(output, 'close');
      zip.pipe(output);
      zip.append(csv, { name: `${baseName}.csv`, date: now });
      const failure = new Promise<never>((_, reject) => {
        zip.on('error', reject);
        zip.on('warning', reject);
        output.on('error', reject);
        csv.on('error', reject);
      });
      failure.catch(() => undefined);

      const rowCount = await Promise.race([this.writeRows(plan, contacts, values, csv, Number(total), onProgress), failure]);
      csv.end();
      await Promise.race([zip.finalize(), failure]);
      await Promise.race([closed, failure]);
      for (const connection of connections.splice(0)) connection.release();

      const finalPath = exportAbsolutePath(this.config.FILES_DIR, job.id, fileName);
      await rename(temporary, finalPath);
      const { size } = await stat(finalPath);
      succeeded = true;
      return { rowCount, fileName, fileSize: size };
    } finally {
      // A half-read result set cannot go back to the pool: close those connections.
      for (const connection of connections) connection.destroy();
      if (!succeeded) await unlink(temporary).catch(() => undefined);
    }
  }

  private async writeRows(
    plan: Plan,
    contacts: Readable,
    valueStream: Readable | null,
    csv: Transform,
    total: number,
    onProgress: ProgressReporter,
  ): Promise<number> {
    const people = new RowCursor<ContactRow>(contacts);
    const values = valueStream ? new RowCursor<ValueRow>(valueStream) : null;
    const fieldCount = plan.fieldIds.length;
    const position = new Map<number, number>(plan.fieldIds.map((id, index) => [id, index]));
    const isContacts = plan.contactColumns.length > 0;
    let valuesLeft = values !== null;
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
        const collected: (unknown[] | null)[] = new Array(fieldCount).fill(null);
        while (valuesLeft) {
          let value = values!.peek();
          if (value === undefined) {
            if (!(await values!.fill())) {
              valuesLeft = false;
              break;
            }
            value = values!.peek()!;
          }
          if (value[0] > id) break;
          values!.shift();
          if (value[0] < id) continue; // a contact that left the target between the two reads
          const index = position.get(value[1]);
          if (index === undefined) continue;
          const list = collected[index];
          if (list) list.push(value[2]);
          else collected[index] = [value[2]];
        }
        for (let index = 0; index < fieldCount; index++) {
          const cell = plan.format(collected[index]);
          row.push(cell, cell);
        }
      }
      processed++;
      if (!csv.write(row)) await once(csv, 'drain');
      if ((processed & 1023) === 0 && Date.now() - lastReport >= 1000) {
        lastReport = Date.now();
        await onProgress(processed, total);
      }
    }
    return processed;
  }

  private async plan(job: TemplateExport, condition: string): Promise<Plan> {
    const wanted = job.fields ? new Set(job.fields) : null;
    if (job.dataType === 'contacts') {
      const fields = CONTACT_FIELDS.filter((code) => !wanted || wanted.has(code));
      return {
        header: templateHeader('contacts', fields),
        fieldIds: [],
        valuesSql: null,
        contactColumns: fields.map((code) => CONTACT_COLUMN_INDEX[code]),
        format: () => '',
      };
    }
    const maps = await loadCodeMaps(this.dataSource, job.institutionId);
    if (job.dataType === 'criteria') {
      const codes = [...maps.criteria.keys()].filter((code) => !wanted || wanted.has(code)).sort(byCode);
      const valueCodes = new Map<number, string>();
      for (const code of codes) for (const [valueCode, valueId] of maps.criteria.get(code)!.values) valueCodes.set(valueId, valueCode);
      const fieldIds = codes.map((code) => maps.criteria.get(code)!.id);
      return {
        header: templateHeader('criteria', codes),
        fieldIds,
        valuesSql: fieldIds.length
          ? `SELECT STRAIGHT_JOIN v.contact_id, v.criterion_id, v.value_id
               FROM contacts c JOIN contact_criterion_values v ON v.contact_id = c.id
              WHERE ${condition} AND v.criterion_id IN (${fieldIds.map(() => '?').join(', ')})
              ORDER BY c.id`
          : null,
        contactColumns: [],
        format: (ids) => {
          if (!ids) return '';
          if (ids.length === 1) return valueCodes.get(ids[0] as number) ?? '';
          return joinMultiValue(ids.map((valueId) => valueCodes.get(valueId as number) ?? '').filter(Boolean));
        },
      };
    }
    const codes = [...maps.authorizations.keys()].filter((code) => !wanted || wanted.has(code)).sort(byCode);
    const fieldIds = codes.map((code) => maps.authorizations.get(code)!);
    return {
      header: templateHeader('authorizations', codes),
      fieldIds,
      valuesSql: fieldIds.length
        ? `SELECT STRAIGHT_JOIN v.contact_id, v.authorization_id, v.value
             FROM contacts c JOIN contact_authorizations v ON v.contact_id = c.id
            WHERE ${condition} AND v.authorization_id IN (${fieldIds.map(() => '?').join(', ')})
            ORDER BY c.id`
        : null,
      contactColumns: [],
      format: (answers) => formatBoolean(answers ? Boolean(Number(answers[0])) : null),
    };
  }

  /** A streamed, array-shaped result on a connection of its own (released or destroyed by the caller). */
  private async stream(connections: PoolConnection[], sql: string, values: unknown[]): Promise<Readable> {
    const pool = (this.dataSource.driver as MysqlDriver).pool as Pool;
    const connection = await new Promise<PoolConnection>((resolve, reject) =>
      pool.getConnection((error, got) => (error ? reject(error) : resolve(got))),
    );
    connections.push(connection);
    return connection.query({ sql, values, rowsAsArray: true }).stream({ highWaterMark: HIGH_WATER_MARK });
  }
}
