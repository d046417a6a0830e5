import type { CsvRecord } from '@app/csv-schema';
import { parseHeader } from '@app/csv-schema';
import type { Statement } from '@app/database';
import type { CurrentValues, FieldSet, FieldWrite } from '@app/fields';
import { DATA_TYPE_SPECS, templateFieldSet } from '@app/fields';
import type { Counts, FieldColumn, Issue, PreparedRow, RowLayout } from './row-check';
import {
  changeRows,
  compareRow,
  fieldColumn,
  fileIssue,
  headerIssues,
  IdSet,
  prepareRow,
  readContactId,
} from './row-check';
import type { RowKind, RowKindContext } from './row-kind';
import { HeaderError } from './row-kind';

/** Criteria and authorizations: `[old]`/`[new]` values of existing contacts, of the data type's field kind. */
export class FieldRows implements RowKind<PreparedRow, CurrentValues, FieldWrite[]> {
  readonly groupsBatches = true;
  private readonly set: FieldSet;
  private layout!: RowLayout;
  private fieldIds: number[] = [];
  private readonly seen = new IdSet();

  constructor(private readonly context: RowKindContext) {
    this.set = templateFieldSet(context.options.fields, context.options.dataType);
  }

  static create(context: RowKindContext): Promise<FieldRows> {
    return Promise.resolve(new FieldRows(context));
  }

  /** Reads the header: contact_id and known `[old]`/`[new]` columns, else file-level errors. */
  readHeader(record: CsvRecord): void {
    const { set } = this;
    const infoColumns = [...DATA_TYPE_SPECS[this.context.options.dataType].infoColumns];
    const parsed = parseHeader(record.cells, (code) => set.byCode.has(code), { infoColumns });
    const issues = headerIssues(record.line, parsed.issues);
    const contact = parsed.columns.find((column) => column.role === 'contact_id');
    if (!issues.length && !parsed.fields.length) {
      issues.push(
        fileIssue(
          record.line,
          'NO_FIELD_COLUMNS',
          `The header has no [new] column of a known ${set.kind.label} code; use the template's header, e.g. "[new] CODE"`,
        ),
      );
    }
    if (issues.length || !contact) {
      if (!issues.length)
        issues.push(fileIssue(record.line, 'MISSING_CONTACT_ID', 'The header has no contact_id column'));
      throw new HeaderError(issues);
    }
    const columns: FieldColumn[] = parsed.fields.map((field) => fieldColumn(set, field, record.cells));
    this.layout = { contactIndex: contact.index, headerLength: record.cells.length, columns };
    this.fieldIds = columns.map((column) => column.field.id);
  }

  remember(record: CsvRecord): void {
    const id = readContactId(record.cells[this.layout.contactIndex] ?? '');
    if (id !== null) this.seen.add(id);
  }

  prepare(record: CsvRecord): PreparedRow | undefined {
    return prepareRow(record, this.layout, this.seen);
  }

  load(rows: PreparedRow[]): Promise<CurrentValues> {
    const ids = rows.filter((row) => row.contactId !== null).map((row) => row.contactId!);
    return this.set.loadCurrent(this.context, this.context.options.institutionId, this.fieldIds, ids);
  }

  compare(rows: PreparedRow[], current: CurrentValues, counts: Counts, issues: Issue[]): FieldWrite[] {
    const writes: FieldWrite[] = [];
    const { onConflict } = this.context.options;
    for (const row of rows) compareRow(row, this.layout.columns, current, onConflict, counts, issues, writes);
    return writes;
  }

  writeStatements(writes: FieldWrite[]): { statements: Statement[]; applied: number } {
    const { imports, options } = this.context;
    return {
      statements: [
        ...this.set.writeStatements(writes, options.institutionId),
        ...imports.changeStatements(options.importId, changeRows(writes)),
      ],
      applied: writes.length,
    };
  }
}
