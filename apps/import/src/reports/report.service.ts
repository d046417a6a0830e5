import { Injectable } from '@nestjs/common';
import { createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import type { IssueCode } from '@app/common';
import { AppConfig } from '@app/common';
import { createCsvWriter } from '@app/csv-schema';
import { ReportLine } from '@app/queues';

export const REPORT_HEADER = ['line', 'contact_id', 'column', 'value', 'code', 'severity', 'message'];
const PAGE = 5000;

interface IssueRow {
  id: number;
  line: number;
  contact_id: string;
  column_name: string;
  value: string | null;
  code: IssueCode;
  severity: ReportLine['severity'];
  message: string;
}

/** The import report: every error, warning and conflict, ordered by line, as CSV (BOM, CRLF). */
@Injectable()
export class ReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Streams the report from import_issues, page by page (keyset on line, id): no cap, flat memory. */
  async write(importId: number, output: Writable): Promise<void> {
    const writer = createCsvWriter({ header: REPORT_HEADER });
    const done = pipeline(writer, output);
    let after: { line: number; id: number } | undefined;
    try {
      for (;;) {
        const rows: IssueRow[] = after
          ? await this.dataSource.query(
              `SELECT id, line, contact_id, column_name, value, code, severity, message FROM import_issues
               WHERE import_id = ? AND (line > ? OR (line = ? AND id > ?)) ORDER BY line, id LIMIT ${PAGE}`,
              [importId, after.line, after.line, after.id],
            )
          : await this.dataSource.query(
              `SELECT id, line, contact_id, column_name, value, code, severity, message FROM import_issues
               WHERE import_id = ? ORDER BY line, id LIMIT ${PAGE}`,
              [importId],
            );
        for (const row of rows) {
          const cells = [
            String(row.line),
            row.contact_id,
            row.column_name,
            row.value ?? '',
            row.code,
            row.severity,
            row.message,
          ];
          if (!writer.write(cells)) await new Promise((resolve) => writer.once('drain', resolve));
        }
        if (rows.length < PAGE) break;
        const last = rows[rows.length - 1];
        after = { line: Number(last.line), id: Number(last.id) };
      }
      writer.end();
    } catch (error) {
      writer.destroy(error as Error);
    }
    await done;
  }

  /** Writes the report to FILES_DIR/reports/import-<id>.csv (the e-mail attachment); returns its relative path and size. */
  async writeFile(importId: number): Promise<{ path: string; size: number }> {
    const dir = join(this.config.FILES_DIR, 'reports');
    await mkdir(dir, { recursive: true });
    const relative = join('reports', `import-${importId}.csv`);
    const absolute = join(this.config.FILES_DIR, relative);
    await this.write(importId, createWriteStream(absolute));
    return { path: relative, size: (await stat(absolute)).size };
  }

  /** The first errors and conflicts, for the body of the e-mail, and how many issues there are. */
  async summary(importId: number): Promise<{ firstIssues: ReportLine[]; issueCount: number }> {
    const rows: IssueRow[] = await this.dataSource.query(
      `SELECT id, line, contact_id, column_name, value, code, severity, message FROM import_issues
       WHERE import_id = ? AND severity IN ('error', 'conflict') ORDER BY line, id LIMIT 10`,
      [importId],
    );
    const [{ n }] = await this.dataSource.query('SELECT COUNT(*) AS n FROM import_issues WHERE import_id = ?', [
      importId,
    ]);
    return {
      firstIssues: rows.map((row) => ({
        line: Number(row.line),
        contactId: row.contact_id,
        column: row.column_name,
        value: row.value,
        code: row.code,
        severity: row.severity,
        message: row.message,
      })),
      issueCount: Number(n),
    };
  }
}
