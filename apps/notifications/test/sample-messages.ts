import type {
  ImportCompletedMessage,
  ImportFailedMessage,
  Locale,
  TemplateExportCompletedMessage,
  TemplateExportFailedMessage,
} from '@app/queues';

/** Messages as the export and import apps produce them; `over` changes any field. */
let sequence = 0;
const unique = () => `${Date.now().toString(36)}-${(sequence += 1)}-${Math.random().toString(36).slice(2, 8)}`;

export function exportCompleted(over: Partial<TemplateExportCompletedMessage> = {}): TemplateExportCompletedMessage {
  return {
    type: 'template-export.completed',
    institutionId: 1,
    to: 'anne.martin@example.com',
    locale: 'fr',
    dedupeKey: `template-export.completed:${unique()}`,
    exportId: 12,
    targetId: 3,
    targetName: 'Jazz lovers',
    dataType: 'criteria',
    rowCount: 2000,
    fileName: 'jazz-lovers-criteria.zip',
    filePath: 'exports/12/jazz-lovers-criteria.zip',
    fileSize: 1234,
    downloadUrl: 'http://localhost:3002/downloads/abc.def',
    expiresAt: '2026-12-03T09:30:00.000Z',
    ...over,
  };
}

export function exportFailed(over: Partial<TemplateExportFailedMessage> = {}): TemplateExportFailedMessage {
  return {
    type: 'template-export.failed',
    institutionId: 1,
    to: 'anne.martin@example.com',
    locale: 'fr',
    dedupeKey: `template-export.failed:${unique()}`,
    exportId: 13,
    targetId: 3,
    targetName: 'Jazz lovers',
    dataType: 'authorizations',
    error: 'Target 3 was deleted while the export was running',
    ...over,
  };
}

export function importCompleted(over: Partial<ImportCompletedMessage> = {}): ImportCompletedMessage {
  return {
    type: 'import.completed',
    institutionId: 1,
    to: 'anne.martin@example.com',
    locale: 'fr',
    dedupeKey: `import.completed:${unique()}`,
    importId: 7,
    mode: 'validate',
    status: 'validated',
    dataType: 'criteria',
    fileName: 'jazz-lovers-criteria.csv',
    counts: { rows: 1500, validRows: 1497, errorRows: 3, changes: 420, unchanged: 2580, conflicts: 1, applied: 0 },
    firstIssues: [
      {
        line: 14,
        contactId: '1013',
        column: '[new] GENRE',
        value: 'JAZ',
        code: 'UNKNOWN_VALUE_CODE',
        severity: 'error',
        message: 'JAZ is not a value of GENRE',
      },
      {
        line: 90,
        contactId: '1089',
        column: '[new] NEWSLETTER',
        value: 'yes',
        code: 'INVALID_BOOLEAN',
        severity: 'error',
        message: 'yes is not TRUE, FALSE or empty',
      },
    ],
    issueCount: 4,
    reportPath: 'imports/7/report.csv',
    reportSize: 300,
    reportUrl: 'http://localhost:3003/imports/7/report',
    ...over,
  };
}

export function importFailed(over: Partial<ImportFailedMessage> = {}): ImportFailedMessage {
  return {
    type: 'import.failed',
    institutionId: 1,
    to: 'anne.martin@example.com',
    locale: 'fr',
    dedupeKey: `import.failed:${unique()}`,
    importId: 8,
    mode: 'apply',
    dataType: 'authorizations',
    fileName: 'newsletter.csv',
    error: 'The file cannot be read',
    fileErrors: [
      {
        code: 'MISSING_CONTACT_ID',
        message: 'The header has no contact_id column; keep the header of the exported template',
      },
    ],
    ...over,
  };
}

export const LOCALES: Locale[] = ['fr', 'en'];
