// Payloads of every job, shared by the producing and the consuming app.

import type { IssueCode, IssueSeverity } from '@app/common';

export type Locale = 'fr' | 'en';
import type { DataType } from '@app/csv-schema';

export type { DataType };

/**
 * `institutionId` is the job's tenant lane (TenantLanes); jobs queued before the lanes lack it, and run outside them.
 */
export interface BuildTemplateJob {
  exportId: number;
  institutionId?: number;
}

export interface ProcessImportJob {
  importId: number;
  institutionId?: number;
}

export interface RevertImportJob {
  importId: number;
  institutionId?: number;
}

export interface ImportCounts {
  rows: number;
  validRows: number;
  errorRows: number;
  changes: number;
  unchanged: number;
  conflicts: number;
  applied: number;
}

export interface ReportLine {
  line: number;
  contactId: string;
  column: string;
  value: string | null;
  code: IssueCode;
  severity: IssueSeverity;
  message: string;
}

interface NotificationBase {
  institutionId: number;
  /** Recipient address, validated when the request naming it arrived. */
  to: string;
  locale: Locale;
  /** One e-mail per event, even if the message is queued twice. */
  dedupeKey: string;
}

export interface TemplateExportCompletedMessage extends NotificationBase {
  type: 'template-export.completed';
  exportId: number;
  targetId: number;
  targetName: string;
  dataType: DataType;
  rowCount: number;
  fileName: string;
  /** Key of the zip in the file store (`exports/<id>-<name>.zip`; the same as its old path relative to FILES_DIR). */
  filePath: string;
  fileSize: number;
  /** What the zip holds: a CSV, or a workbook (absent in messages queued before it was added: a CSV). */
  format?: 'csv' | 'xlsx';
  downloadUrl: string;
  expiresAt: string;
}

export interface TemplateExportFailedMessage extends NotificationBase {
  type: 'template-export.failed';
  exportId: number;
  targetId: number;
  targetName: string;
  dataType: DataType;
  error: string;
}

export interface ImportCompletedMessage extends NotificationBase {
  type: 'import.completed';
  importId: number;
  mode: 'validate' | 'apply';
  status: string;
  dataType: DataType;
  fileName: string;
  counts: ImportCounts;
  /** The first errors and conflicts, for the body of the e-mail. */
  firstIssues: ReportLine[];
  issueCount: number;
  /** Key of the report CSV in the file store (`reports/import-<id>.csv`), attached when small. */
  reportPath: string | null;
  reportSize: number;
  reportUrl: string;
}

export interface ImportFailedMessage extends NotificationBase {
  type: 'import.failed';
  importId: number;
  mode: 'validate' | 'apply';
  dataType: DataType;
  fileName: string;
  error: string;
  fileErrors: { code: IssueCode; message: string }[];
}

export type NotificationMessage =
  TemplateExportCompletedMessage | TemplateExportFailedMessage | ImportCompletedMessage | ImportFailedMessage;

export type NotificationType = NotificationMessage['type'];

/** The export or the import an e-mail is about (one of the two is null). */
export function notificationSubject(message: NotificationMessage): {
  exportId: number | null;
  importId: number | null;
} {
  return {
    exportId: 'exportId' in message ? message.exportId : null,
    importId: 'importId' in message ? message.importId : null,
  };
}
export const NOTIFICATION_TYPES: NotificationType[] = [
  'template-export.completed',
  'template-export.failed',
  'import.completed',
  'import.failed',
];
