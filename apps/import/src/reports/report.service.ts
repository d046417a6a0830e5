import { Injectable } from '@nestjs/common';
import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pageOf } from '@app/common';
import { createCsvWriter } from '@app/csv-schema';
import type { FieldType } from '@app/database';
import { ImportsRepository } from '@app/database';
import { ReportLine } from '@app/queues';
import { FileStore } from '@app/storage';
import { ImportReportQuery } from '../dto/import-report.query';
import { ImportReportPage } from '../dto/import-report.response';

export const REPORT_HEADER = ['line', 'contact_id', 'column', 'value', 'code', 'severity', 'message'];
const PAGE = 5000;

/** A report line as the API and the e-mail give it: the stored row's fields, nothing else. */
const reportLine = ({ line, contactId, column, value, code, severity, message }: ReportLine): ReportLine => ({
  line,
  contactId,
  column,
  value,
  code,
  severity,
  message,
});

/** The import report: every error, warning and conflict, ordered by line, as CSV (BOM, CRLF). */
@Injectable()
export class ReportService {
  constructor(
    private readonly imports: ImportsRepository,
    private readonly store: FileStore,
  ) {}

  /** Streams the report from import_issues, page by page (keyset on line, id): no cap, flat memory. */
  async write(importId: number, output: Writable): Promise<void> {
    const writer = createCsvWriter({ header: REPORT_HEADER });
    const done = pipeline(writer, output);
    let after: { line: number; id: number } | undefined;
    try {
      for (;;) {
        const rows = await this.imports.reportPage(importId, after, PAGE);
        for (const row of rows) {
          const cells = [
            String(row.line),
            row.contactId,
            row.column,
            row.value ?? '',
            row.code,
            row.severity,
            row.message,
          ];
          if (!writer.write(cells)) await new Promise((resolve) => writer.once('drain', resolve));
        }
        if (rows.length < PAGE) break;
        const last = rows[rows.length - 1];
        after = { line: last.line, id: last.id };
      }
      writer.end();
    } catch (error) {
      writer.destroy(error as Error);
    }
    await done;
  }

  /** A page of the report as JSON; with `include=changes`, the same page of the change log. */
  async page(importId: number, query: ImportReportQuery): Promise<ImportReportPage> {
    const { page, pageSize, offset } = pageOf(query);
    const [lines, changes] = await Promise.all([
      this.imports.reportLines(importId, offset, pageSize),
      query.include === 'changes' ? this.imports.changeLines(importId, offset, pageSize) : undefined,
    ]);
    return {
      items: lines.rows.map(reportLine),
      total: lines.total,
      page,
      pageSize,
      ...(changes && {
        changes: {
          items: changes.rows.map((change) => ({
            line: change.line,
            contactId: change.contactId,
            fieldType: change.fieldType as FieldType,
            field: change.fieldCode,
            oldValue: change.oldValue,
            newValue: change.newValue,
            reverted: change.reverted,
          })),
          total: changes.total,
        },
      }),
    };
  }

  /**
   * Writes the report to the file store as reports/import-<id>.csv (the e-mail attachment); returns its key (the
   * message's reportPath) and size.
   */
  async writeFile(importId: number): Promise<{ path: string; size: number }> {
    const key = `reports/import-${importId}.csv`;
    const output = new PassThrough();
    const [{ size }] = await Promise.all([
      this.store.write(key, output, { contentType: 'text/csv' }),
      this.write(importId, output),
    ]);
    return { path: key, size };
  }

  /** The first errors and conflicts, for the body of the e-mail, and how many issues there are. */
  async summary(importId: number): Promise<{ firstIssues: ReportLine[]; issueCount: number }> {
    const { firstIssues, issueCount } = await this.imports.reportSummary(importId, 10);
    return {
      firstIssues: firstIssues.map(reportLine),
      issueCount,
    };
  }
}
