import type { SummarizedImport } from './import-summary';
import { importSummary } from './import-summary';

const base: SummarizedImport = {
  id: 42,
  status: 'validated',
  mode: 'validate',
  revertRequested: false,
  processed: 4,
  total: 4,
  rows: 4,
  errorRows: 0,
  changes: 3,
  applied: 0,
  conflicts: 0,
  warnings: 0,
  fileErrors: [],
  error: null,
};
const REPORT = 'See each one by line in the report (GET /imports/42/report; JSON with Accept: application/json).';

describe('importSummary', () => {
  it.each<[string, Partial<SummarizedImport>, string]>([
    ['queued', { status: 'queued' }, 'Queued: waiting for a worker.'],
    ['running, total known', { status: 'running', processed: 1200, total: 5000 }, 'Running: 1,200 rows read of 5,000.'],
    ['running, total unknown', { status: 'running', processed: 1, total: null }, 'Running: 1 row read.'],
    ['reverting', { status: 'running', revertRequested: true }, 'Reverting: restoring the values this import wrote.'],
    [
      'validated, clean',
      {},
      'Validated: all 4 rows are valid; 3 values would change. Apply it with POST /imports/42/apply.',
    ],
    [
      'validated, one row with errors',
      { errorRows: 1 },
      `Validated: 1 of 4 rows has errors and would be skipped; 3 values would change. ${REPORT} Fix those rows and upload the file again, or apply it as is with POST /imports/42/apply.`,
    ],
    [
      'validated, conflicts and a warning',
      { conflicts: 2, warnings: 1, changes: 1 },
      `Validated: all 4 rows are valid; 1 value would change; 2 conflicts (values changed since the export) and 1 warning. ${REPORT} Apply it with POST /imports/42/apply.`,
    ],
    [
      'completed with rows skipped',
      { status: 'completed', mode: 'apply', errorRows: 2, applied: 3 },
      `Applied: 3 values written; 2 of 4 rows have errors and were skipped. ${REPORT} POST /imports/42/revert undoes it.`,
    ],
    [
      'completed, one row',
      { status: 'completed', mode: 'apply', rows: 1, applied: 1 },
      'Applied: 1 value written; the row is valid. POST /imports/42/revert undoes it.',
    ],
    [
      'cancelled apply',
      { status: 'cancelled', mode: 'apply', rows: 2, applied: 5 },
      'Cancelled after 2 rows; 5 values written before.',
    ],
    [
      'reverted',
      { status: 'reverted', mode: 'apply' },
      'Reverted: the values it wrote were restored, where no one had changed them since.',
    ],
    [
      'failed on the file',
      {
        status: 'failed',
        fileErrors: [
          { code: 'UNKNOWN_CODE', message: 'Column "[new] MUSIK": no criterion has the code MUSIK' },
          { code: 'DUPLICATE_COLUMN', message: 'Column "[new] A" is there twice' },
        ],
      },
      'Failed: Column "[new] MUSIK": no criterion has the code MUSIK (2 file errors: see fileErrors). The report (GET /imports/42/report) lists every problem.',
    ],
    [
      'failed all or nothing',
      {
        status: 'failed',
        mode: 'apply',
        errorRows: 1,
        fileErrors: [{ code: 'ALL_OR_NOTHING_REJECTED', message: 'Some rows have errors; nothing was applied.' }],
      },
      'Failed: Some rows have errors; nothing was applied. 1 of 4 rows has errors. The report (GET /imports/42/report) lists every problem.',
    ],
    [
      'failed, with its error',
      { status: 'failed', error: 'The import stopped its worker twice at the same point' },
      'Failed: The import stopped its worker twice at the same point. The report (GET /imports/42/report) lists every problem.',
    ],
  ])('%s', (_, change, expected) => {
    expect(importSummary({ ...base, ...change })).toBe(expected);
  });
});
