import type { Import } from '@app/database';

/** What the summary reads of an import. */
export type SummarizedImport = Pick<
  Import,
  | 'id'
  | 'status'
  | 'mode'
  | 'revertRequested'
  | 'processed'
  | 'total'
  | 'rows'
  | 'errorRows'
  | 'changes'
  | 'applied'
  | 'conflicts'
  | 'warnings'
  | 'fileErrors'
  | 'error'
>;

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "1 of 4 rows has errors and was skipped", "all 4 rows are valid". */
function rowsPart(imp: SummarizedImport, skipped?: string): string {
  if (imp.errorRows === 0) return imp.rows === 1 ? 'the row is valid' : `all ${count(imp.rows, 'row')} are valid`;
  const has = imp.errorRows === 1 ? 'has' : 'have';
  return `${imp.errorRows.toLocaleString('en')} of ${count(imp.rows, 'row')} ${has} errors${skipped ? ` and ${skipped} skipped` : ''}`;
}

/** Conflicts and warnings, when there are any: ", 2 conflicts and 1 warning". */
function othersPart(imp: SummarizedImport): string {
  const parts = [
    imp.conflicts ? `${count(imp.conflicts, 'conflict')} (values changed since the export)` : '',
    imp.warnings ? count(imp.warnings, 'warning') : '',
  ].filter(Boolean);
  return parts.length ? `; ${parts.join(' and ')}` : '';
}

/**
 * One sentence or three saying where an import stands, how many rows have errors and where to read them, and what
 * to do next: the `summary` of GET /imports/{id}, for a person reading it in Swagger UI.
 */
export function importSummary(imp: SummarizedImport): string {
  const report = `GET /imports/${imp.id}/report`;
  const seeReport =
    imp.errorRows || imp.conflicts || imp.warnings
      ? ` See each one by line in the report (${report}; JSON with Accept: application/json).`
      : '';
  switch (imp.status) {
    case 'queued':
      return 'Queued: waiting for a worker.';
    case 'running':
      if (imp.revertRequested) return 'Reverting: restoring the values this import wrote.';
      return `Running: ${count(imp.processed, 'row')} read${imp.total ? ` of ${imp.total.toLocaleString('en')}` : ''}.`;
    case 'validated': {
      const next = imp.errorRows
        ? ` Fix those rows and upload the file again, or apply it as is with POST /imports/${imp.id}/apply.`
        : ` Apply it with POST /imports/${imp.id}/apply.`;
      return `Validated: ${rowsPart(imp, 'would be')}; ${count(imp.changes, 'value')} would change${othersPart(imp)}.${seeReport}${next}`;
    }
    case 'completed':
      return `Applied: ${count(imp.applied, 'value')} written; ${rowsPart(imp, imp.errorRows === 1 ? 'was' : 'were')}${othersPart(imp)}.${seeReport} POST /imports/${imp.id}/revert undoes it.`;
    case 'cancelled':
      return `Cancelled after ${count(imp.rows, 'row')}${imp.mode === 'apply' ? `; ${count(imp.applied, 'value')} written before` : ''}.${seeReport}`;
    case 'reverted':
      return 'Reverted: the values it wrote were restored, where no one had changed them since.';
    case 'failed': {
      const fileErrors = imp.fileErrors ?? [];
      const why = imp.error ?? fileErrors[0]?.message ?? 'see the report';
      const more = fileErrors.length > 1 ? ` (${count(fileErrors.length, 'file error')}: see fileErrors)` : '';
      const rows = imp.errorRows ? ` ${capitalize(rowsPart(imp))}.` : '';
      return `Failed: ${why.replace(/\.$/, '')}${more}.${rows} The report (${report}) lists every problem.`;
    }
  }
}
