import type { ContactColumnCode } from '@app/common';
import { CONTACT_COLUMNS, emptyContactValues } from '@app/common';
import type { CsvRecord } from '@app/csv-schema';
import { parseHeader } from '@app/csv-schema';
import type { ImportedContact, Statement } from '@app/database';
import { importedContactStatements } from '@app/database';
import type { ContactField, FieldSet } from '@app/fields';
import type { AddIssue } from './contact-emails';
import { ContactEmails } from './contact-emails';
import type { Counts, CurrentValues, FieldColumn, FieldWrite, Issue, PreparedRow } from './row-check';
import {
  changeRows,
  compareFields,
  fieldColumn,
  fileIssue,
  headerIssues,
  IdSet,
  readContactId,
  readFieldCells,
} from './row-check';
import type { RowKind, RowKindContext } from './row-kind';
import { HeaderError } from './row-kind';

type FieldPart = Pick<PreparedRow, 'line' | 'contactIdText' | 'issues' | 'cells' | 'olds' | 'oldRaw'>;

/** The kinds of field a contacts file may carry, each with its columns and its part of a row, in this order. */
const PARTS = ['contact', 'criterion', 'authorization'] as const;
type Part = (typeof PARTS)[number];

export interface ContactRow {
  line: number;
  contactIdText: string;
  contactId: number | null;
  /** No contact_id: the row creates a contact. */
  create: boolean;
  issues: Issue[];
  hasError: boolean;
  /** Per kind of field, the read `[new]` cells (undefined when in error) and the normalized `[old]` cells. */
  parts: Record<Part, FieldPart>;
  /** The contact columns' `[new]` cells as written, for the report. */
  raws: string[];
}

interface ContactCurrent {
  values: Record<Part, CurrentValues>;
  /** lower-case e-mail -> ids of the institution's contacts using it. */
  emails: Map<string, number[]>;
}

interface ContactWrites {
  creates: ImportedContact[];
  updates: Record<Part, FieldWrite[]>;
}

/**
 * Data type `contacts`: rows with a contact_id update that contact's columns, rows without one create a
 * contact; criteria and authorization columns may come along. Every column is a field of its kind
 * (libs/fields), read and compared like any other; what is the contacts' own is here: creating, and the
 * quality rules of the values a row writes. Plugged into the engine, so batches, cursor, report and
 * counts are those of every import.
 */
export class ContactRows implements RowKind<ContactRow, ContactCurrent, ContactWrites> {
  /** One transaction per batch: created contacts take their ids in it. */
  readonly groupsBatches = false;
  private contactIndex = -1;
  private headerLength = 0;
  private readonly sets: Record<Part, FieldSet>;
  private readonly columns: Record<Part, FieldColumn[]> = { contact: [], criterion: [], authorization: [] };
  private readonly seen = new IdSet();
  private readonly emails = new ContactEmails();

  private constructor(
    private readonly context: RowKindContext,
    /** One multi-row INSERT per chunk of created contacts gives them consecutive ids. */
    private readonly consecutiveIds: boolean,
  ) {
    const { fields } = context.options;
    this.sets = { contact: fields.contact, criterion: fields.criterion, authorization: fields.authorization };
  }

  static async create(context: RowKindContext): Promise<ContactRows> {
    const consecutiveIds = context.options.write ? await context.writer.multiRowInsertIdsConsecutive() : false;
    return new ContactRows(context, consecutiveIds);
  }

  readHeader(record: CsvRecord): void {
    const partOf = (code: string) => PARTS.find((part) => this.sets[part].byCode.has(code));
    const parsed = parseHeader(record.cells, (code) => partOf(code) !== undefined, { infoColumns: [] });
    // Without contact_id every row creates a contact.
    const issues = headerIssues(
      record.line,
      parsed.issues.filter((issue) => issue.code !== 'MISSING_CONTACT_ID'),
    );
    if (!issues.length && !parsed.fields.length) {
      issues.push(
        fileIssue(
          record.line,
          'NO_FIELD_COLUMNS',
          'The header has no contact column; use the contacts template header, e.g. contact_id, first_name, last_name, email',
        ),
      );
    }
    if (issues.length) throw new HeaderError(issues);
    this.contactIndex = parsed.columns.find((column) => column.role === 'contact_id')?.index ?? -1;
    this.headerLength = record.cells.length;
    for (const field of parsed.fields) {
      const part = partOf(field.code)!;
      this.columns[part].push(fieldColumn(this.sets[part], field, record.cells));
    }
    this.emails.watch(this.columns.contact);
  }

  remember(record: CsvRecord): void {
    const id = this.contactIndex < 0 ? null : readContactId(record.cells[this.contactIndex] ?? '');
    if (id !== null) this.seen.add(id);
    this.emails.rememberLine(record);
  }

  prepare(record: CsvRecord): ContactRow | undefined {
    const { line, cells } = record;
    if (cells.length <= 1 && (cells[0] ?? '').trim() === '') return undefined;
    const contactIdText = this.contactIndex < 0 ? '' : (cells[this.contactIndex] ?? '').trim();
    const issues: Issue[] = [];
    const part = (): FieldPart => ({ line, contactIdText, issues, cells: [], olds: [], oldRaw: [] });
    const row: ContactRow = {
      line,
      contactIdText,
      contactId: null,
      create: contactIdText === '',
      issues,
      hasError: false,
      parts: { contact: part(), criterion: part(), authorization: part() },
      raws: [],
    };
    const error = (column: string, value: string | null, code: Issue['code'], message: string) => {
      issues.push({ line, contactId: contactIdText, column, value, code, severity: 'error', message });
      row.hasError = true;
    };
    if (cells.length !== this.headerLength) {
      error(
        '',
        null,
        'MALFORMED_ROW',
        `This row has ${cells.length} cells but the header has ${this.headerLength} columns; check for a missing or extra delimiter or an unclosed quote`,
      );
      return row;
    }
    if (!row.create) this.readContactId(row, error);
    for (const kind of PARTS) readFieldCells(cells, this.columns[kind], row.parts[kind], error);
    row.raws = this.columns.contact.map((column) => cells[column.newIndex]);
    this.emails.rememberLine(record);
    return row;
  }

  private readContactId(
    row: ContactRow,
    error: (column: string, value: string | null, code: Issue['code'], message: string) => void,
  ) {
    const { contactIdText } = row;
    row.contactId = readContactId(contactIdText);
    if (row.contactId === null) {
      error(
        'contact_id',
        contactIdText,
        'INVALID_CONTACT_ID',
        `"${contactIdText}" is not a contact id; keep the contact_id of the template, or leave it empty to create a contact`,
      );
    } else if (!this.seen.add(row.contactId)) {
      error(
        'contact_id',
        contactIdText,
        'DUPLICATE_CONTACT',
        `Contact ${row.contactId} appears on more than one row; keep a single row per contact`,
      );
    }
  }

  async load(rows: ContactRow[]): Promise<ContactCurrent> {
    const { institutionId } = this.context.options;
    const ids = rows.filter((row) => row.contactId !== null).map((row) => row.contactId!);
    const load = (part: Part) => {
      const fieldIds = this.columns[part].map((column) => column.field.id);
      // The contact part always loads: it says which contacts exist.
      if (part !== 'contact' && !fieldIds.length) return Promise.resolve(new Map() as CurrentValues);
      return this.sets[part].loadCurrent(this.context, institutionId, fieldIds, ids);
    };
    const [contact, criterion, authorization, emails] = await Promise.all([
      load('contact'),
      load('criterion'),
      load('authorization'),
      this.emails.usedBy(this.context.contacts, institutionId, this.writtenEmails(rows)),
    ]);
    return { values: { contact, criterion, authorization }, emails };
  }

  private writtenEmails(rows: ContactRow[]): (string | undefined)[] {
    const at = this.emails.indexIn(this.columns.contact);
    return at < 0 ? [] : rows.map((row) => row.parts.contact.cells[at]?.value);
  }

  compare(rows: ContactRow[], current: ContactCurrent, counts: Counts, issues: Issue[]): ContactWrites {
    const writes: ContactWrites = { creates: [], updates: { contact: [], criterion: [], authorization: [] } };
    for (const row of rows) this.compareRow(row, current, counts, issues, writes);
    return writes;
  }

  private compareRow(
    row: ContactRow,
    current: ContactCurrent,
    counts: Counts,
    issues: Issue[],
    writes: ContactWrites,
  ): void {
    counts.rows++;
    const { line, contactIdText } = row;
    const add: AddIssue = (column, value, code, severity, message) => {
      row.issues.push({ line, contactId: contactIdText, column, value, code, severity, message });
      if (severity === 'error') row.hasError = true;
    };
    const now = row.contactId !== null ? current.values.contact.get(row.contactId) : undefined;
    if (!row.create && row.contactId !== null && !now && !row.issues.some((i) => i.code === 'DUPLICATE_CONTACT')) {
      add(
        'contact_id',
        contactIdText,
        'UNKNOWN_CONTACT',
        'error',
        `Contact ${row.contactId} does not exist in your institution; keep the contact_id of the template, or leave it empty to create a contact`,
      );
    }
    if (!row.hasError || row.create || now) this.checkWrittenValues(row, now, current, add);
    for (const issue of row.issues) {
      issues.push(issue);
      if (issue.severity === 'warning') counts.warnings++;
    }
    if (row.hasError || (!row.create && !now)) {
      counts.errorRows++;
      return;
    }
    counts.validRows++;
    if (row.create) {
      counts.changes++;
      writes.creates.push(this.created(row));
      return;
    }
    const contactId = row.contactId!;
    const { onConflict } = this.context.options;
    for (const part of PARTS) {
      const values = current.values[part].get(contactId) ?? new Map<number, string>();
      compareFields(
        row.parts[part],
        contactId,
        this.columns[part],
        values,
        onConflict,
        counts,
        issues,
        writes.updates[part],
      );
    }
  }

  /** Quality rules of the values a row writes: on create every value, on update those that change. */
  private checkWrittenValues(
    row: ContactRow,
    now: Map<number, string> | undefined,
    current: ContactCurrent,
    add: AddIssue,
  ): void {
    this.columns.contact.forEach((column, i) => {
      const value = row.parts.contact.cells[i]?.value;
      if (value === undefined) return;
      if (!row.create && (!now || value === now.get(column.field.id))) return;
      const { column: rules } = column.field as ContactField;
      const check = rules.check?.(value, rules.code);
      if (check && !check.ok) add(column.newName, row.raws[i], check.code, 'error', check.message);
      else this.emails.checkUse(row, column, row.raws[i], value, current.emails, add);
    });
    if (!row.create) return;
    for (const rules of CONTACT_COLUMNS) {
      if (rules.requiredOnCreate && !this.columns.contact.some((column) => column.field.code === rules.code))
        add(
          rules.code,
          null,
          'MISSING_NAME',
          'error',
          `The file has no ${rules.code} column; a new contact needs a first and a last name`,
        );
    }
  }

  /** The contact a valid row without contact_id creates, with its non-empty criterion and authorization cells. */
  private created(row: ContactRow): ImportedContact {
    const values = emptyContactValues();
    this.columns.contact.forEach((column, i) => {
      values[column.field.code as ContactColumnCode] = row.parts.contact.cells[i]!.value;
    });
    const cells = (part: Part) =>
      this.columns[part]
        .map((column, i) => ({ field: column.field, cell: row.parts[part].cells[i]! }))
        .filter(({ cell }) => cell.value !== '');
    return {
      line: row.line,
      values,
      criterionValues: cells('criterion').flatMap(({ field, cell }) =>
        (cell.valueIds ?? []).map((valueId): [number, number] => [field.id, valueId]),
      ),
      authorizations: cells('authorization')
        .filter(({ cell }) => cell.bool !== null && cell.bool !== undefined)
        .map(({ field, cell }): [number, boolean] => [field.id, cell.bool!]),
    };
  }

  writeStatements(writes: ContactWrites | undefined): { statements: Statement[]; applied: number } {
    if (!writes) return { statements: [], applied: 0 };
    const { importId, institutionId } = this.context.options;
    const statements = importedContactStatements(importId, institutionId, writes.creates, this.consecutiveIds);
    let applied = writes.creates.length;
    for (const part of PARTS) {
      const updates = writes.updates[part];
      statements.push(
        ...this.sets[part].writeStatements(updates, institutionId),
        ...this.context.imports.changeStatements(importId, changeRows(updates)),
      );
      applied += updates.length;
    }
    return { statements, applied };
  }
}
