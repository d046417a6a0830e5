import type { IssueCode } from '@app/common';
import type { CsvRecord } from '@app/csv-schema';
import { parseHeader } from '@app/csv-schema';
import type { ContactColumnCode } from './contact-checks';
import { checkEmail, checkName, isContactColumn, normalizeOldContact, readContactCell } from './contact-checks';
import type { Statement } from '@app/database';
import type { AuthorizationField, CriterionField, FieldSet } from '@app/fields';
import { loadCurrent } from '@app/fields';
import type { Counts, CurrentValues, FieldColumn, FieldWrite, Issue, NewCell, PreparedRow } from './row-check';
import { changeRows, compareFields, fileIssue, headerIssues, IdSet, readContactId, readFieldCells } from './row-check';
import type { RowKind, RowKindContext } from './row-kind';
import { HeaderError } from './row-kind';

/** The change log's field_code of a contact the import created (its new_value holds the contact's fields as JSON). */
export const CREATED_FIELD = '__created';

const SQL_COLUMN: Record<ContactColumnCode, string> = {
  first_name: 'first_name',
  last_name: 'last_name',
  email: 'email',
  birth_date: 'birth_date',
  language: 'language',
};

/** What a contact row holds in the stored form, '' for empty. */
export type ContactValues = Record<ContactColumnCode, string>;

interface ContactColumn {
  code: ContactColumnCode;
  newIndex: number;
  newName: string;
  oldIndex?: number;
  oldName?: string;
}

type FieldPart = Pick<PreparedRow, 'line' | 'contactIdText' | 'issues' | 'cells' | 'olds' | 'oldRaw'>;

export interface ContactRow {
  line: number;
  contactIdText: string;
  contactId: number | null;
  /** No contact_id: the row creates a contact. */
  create: boolean;
  issues: Issue[];
  hasError: boolean;
  /** Per contact column: the `[new]` value in stored form (undefined when in error), the normalized `[old]` and its raw text. */
  values: (string | undefined)[];
  raws: string[];
  olds: (string | undefined)[];
  oldRaws: (string | undefined)[];
  criteria: FieldPart;
  authorizations: FieldPart;
}

interface ContactCurrent {
  contacts: Map<number, ContactValues>;
  criteria: CurrentValues;
  authorizations: CurrentValues;
  /** lower-case e-mail -> ids of the institution's contacts using it. */
  emails: Map<string, number[]>;
}

interface ContactCreate {
  line: number;
  values: ContactValues;
  criteria: { field: FieldColumn['field']; cell: NewCell }[];
  authorizations: { field: FieldColumn['field']; cell: NewCell }[];
}

interface ContactUpdate {
  contactId: number;
  line: number;
  fields: { code: ContactColumnCode; oldValue: string; newValue: string }[];
}

interface ContactWrites {
  creates: ContactCreate[];
  updates: ContactUpdate[];
  criteria: FieldWrite[];
  authorizations: FieldWrite[];
}

const EMPTY: ContactValues = { first_name: '', last_name: '', email: '', birth_date: '', language: '' };

/** Contacts created by one multi-row INSERT: a batch of the default size (2,000), and each statement well under max_allowed_packet (16 MiB). */
const CREATE_CHUNK = 2000;

const CONTACT_INSERT = 'INSERT INTO contacts (institution_id, first_name, last_name, email, birth_date, language)';
const CREATED_LOG_INSERT =
  'INSERT INTO import_changes (import_id, contact_id, field_type, field_code, old_value, new_value, line)';

/**
 * Data type `contacts`: rows with a contact_id update that contact's fields, rows without one
 * create a contact; criteria and authorization columns may come along. Plugged into the engine,
 * so batches, cursor, report and counts are those of every import.
 */
export class ContactRows implements RowKind<ContactRow, ContactCurrent, ContactWrites> {
  /** One transaction per batch: created contacts take their ids in it. */
  readonly groupsBatches = false;
  private contactIndex = -1;
  private headerLength = 0;
  private columns: ContactColumn[] = [];
  private criteriaColumns: FieldColumn[] = [];
  private authorizationColumns: FieldColumn[] = [];
  private readonly seen = new IdSet();
  /** lower-case e-mail -> first line holding it, for duplicates within the file. */
  private readonly fileEmails = new Map<string, number>();

  private readonly options: RowKindContext['options'];
  private readonly criteria: FieldSet<CriterionField>;
  private readonly authorizations: FieldSet<AuthorizationField>;

  private constructor(
    private readonly context: RowKindContext,
    /** One multi-row INSERT per chunk of created contacts gives them consecutive ids (see createChunk). */
    private readonly consecutiveIds: boolean,
  ) {
    this.options = context.options;
    this.criteria = context.options.fields.criterion;
    this.authorizations = context.options.fields.authorization;
  }

  static async create(context: RowKindContext): Promise<ContactRows> {
    const consecutiveIds = context.options.write ? await context.writer.multiRowInsertIdsConsecutive() : false;
    return new ContactRows(context, consecutiveIds);
  }

  readHeader(record: CsvRecord): void {
    const known = (code: string) =>
      isContactColumn(code) || this.criteria.byCode.has(code) || this.authorizations.byCode.has(code);
    const parsed = parseHeader(record.cells, known, { infoColumns: [] });
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
    this.contactIndex = parsed.columns.find((column) => column.kind === 'contact_id')?.index ?? -1;
    this.headerLength = record.cells.length;
    for (const field of parsed.fields) {
      const names = {
        newIndex: field.newIndex,
        newName: record.cells[field.newIndex],
        oldIndex: field.oldIndex,
        oldName: field.oldIndex === undefined ? undefined : record.cells[field.oldIndex],
      };
      if (isContactColumn(field.code)) this.columns.push({ code: field.code, ...names });
      else if (this.criteria.byCode.has(field.code))
        this.criteriaColumns.push({ set: this.criteria, field: this.criteria.byCode.get(field.code)!, ...names });
      else
        this.authorizationColumns.push({
          set: this.authorizations,
          field: this.authorizations.byCode.get(field.code)!,
          ...names,
        });
    }
  }

  private emailIndex(): number | undefined {
    return this.columns.find((column) => column.code === 'email')?.newIndex;
  }

  private rememberEmail(email: string, line: number): void {
    const key = email.trim().toLowerCase();
    if (key && !this.fileEmails.has(key)) this.fileEmails.set(key, line);
  }

  remember(record: CsvRecord): void {
    const id = this.contactIndex < 0 ? null : readContactId(record.cells[this.contactIndex] ?? '');
    if (id !== null) this.seen.add(id);
    const index = this.emailIndex();
    if (index !== undefined) this.rememberEmail(record.cells[index] ?? '', record.line);
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
      values: [],
      raws: [],
      olds: [],
      oldRaws: [],
      criteria: part(),
      authorizations: part(),
    };
    const error = (column: string, value: string | null, code: IssueCode, message: string) => {
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
    if (!row.create) {
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
    for (const column of this.columns) {
      const raw = cells[column.newIndex];
      const read = readContactCell(column.code, raw);
      row.raws.push(raw);
      if (read.ok) row.values.push(read.value);
      else {
        row.values.push(undefined);
        error(column.newName, raw, read.code, read.message);
      }
      const oldRaw = column.oldIndex === undefined ? undefined : cells[column.oldIndex];
      row.oldRaws.push(oldRaw);
      row.olds.push(oldRaw === undefined ? undefined : normalizeOldContact(column.code, oldRaw));
      if (column.code === 'email') this.rememberEmail(raw, line);
    }
    readFieldCells(cells, this.criteriaColumns, row.criteria, error);
    readFieldCells(cells, this.authorizationColumns, row.authorizations, error);
    return row;
  }

  async load(rows: ContactRow[]): Promise<ContactCurrent> {
    const { institutionId } = this.options;
    const ids = rows.filter((row) => row.contactId !== null).map((row) => row.contactId!);
    const emailAt = this.columns.findIndex((column) => column.code === 'email');
    const emails =
      emailAt < 0 ? [] : [...new Set(rows.map((row) => (row.values[emailAt] ?? '').toLowerCase()).filter(Boolean))];
    const [contacts, used, criteria, authorizations] = await Promise.all([
      ids.length
        ? (this.context.dataSource.query(
            `SELECT id, first_name, last_name, email, COALESCE(DATE_FORMAT(birth_date, '%Y-%m-%d'), '') AS birth_date, COALESCE(language, '') AS language
               FROM contacts WHERE institution_id = ? AND id IN (?)`,
            [institutionId, ids],
          ) as Promise<(ContactValues & { id: number })[]>)
        : Promise.resolve([]),
      emails.length
        ? (this.context.dataSource.query('SELECT id, email FROM contacts WHERE institution_id = ? AND email IN (?)', [
            institutionId,
            emails,
          ]) as Promise<{ id: number; email: string }[]>)
        : Promise.resolve([]),
      this.criteriaColumns.length
        ? loadCurrent(
            this.context.values,
            this.criteria,
            institutionId,
            this.criteriaColumns.map((column) => column.field.id),
            ids,
          )
        : Promise.resolve(new Map() as CurrentValues),
      this.authorizationColumns.length
        ? loadCurrent(
            this.context.values,
            this.authorizations,
            institutionId,
            this.authorizationColumns.map((column) => column.field.id),
            ids,
          )
        : Promise.resolve(new Map() as CurrentValues),
    ]);
    const current: ContactCurrent = { contacts: new Map(), criteria, authorizations, emails: new Map() };
    for (const contact of contacts) {
      current.contacts.set(Number(contact.id), {
        first_name: contact.first_name,
        last_name: contact.last_name,
        email: contact.email,
        birth_date: contact.birth_date,
        language: contact.language,
      });
    }
    for (const { id, email } of used) {
      const key = email.toLowerCase();
      current.emails.set(key, [...(current.emails.get(key) ?? []), Number(id)]);
    }
    return current;
  }

  compare(rows: ContactRow[], current: ContactCurrent, counts: Counts, issues: Issue[]): ContactWrites {
    const writes: ContactWrites = { creates: [], updates: [], criteria: [], authorizations: [] };
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
    const add = (
      column: string,
      value: string | null,
      code: IssueCode,
      severity: Issue['severity'],
      message: string,
    ) => {
      row.issues.push({ line, contactId: contactIdText, column, value, code, severity, message });
      if (severity === 'error') row.hasError = true;
    };
    const now = row.contactId !== null ? current.contacts.get(row.contactId) : undefined;
    if (
      !row.create &&
      row.contactId !== null &&
      !now &&
      !row.issues.some((issue) => issue.code === 'DUPLICATE_CONTACT')
    ) {
      add(
        'contact_id',
        contactIdText,
        'UNKNOWN_CONTACT',
        'error',
        `Contact ${row.contactId} does not exist in your institution; keep the contact_id of the template, or leave it empty to create a contact`,
      );
    }
    // Quality checks of the values the row writes: on create every value, on update those that change.
    const changed: number[] = [];
    if (!row.hasError || row.create || now) {
      this.columns.forEach((column, i) => {
        const value = row.values[i];
        if (value === undefined) return;
        if (!row.create && (!now || value === now[column.code])) return;
        changed.push(i);
        if (column.code === 'first_name' || column.code === 'last_name') {
          if (value === '')
            add(
              column.newName,
              row.raws[i],
              'MISSING_NAME',
              'error',
              `${column.code} is empty; a contact needs a first and a last name`,
            );
          else {
            const check = checkName(column.code, value);
            if (!check.ok) add(column.newName, row.raws[i], check.code, 'error', check.message);
          }
        } else if (column.code === 'email') {
          const check = checkEmail(value);
          if (!check.ok) add(column.newName, row.raws[i], check.code, 'error', check.message);
          else if (value !== '') this.checkEmailUse(row, column, i, value, current, add);
        }
      });
      if (row.create) {
        for (const code of ['first_name', 'last_name'] as const) {
          if (!this.columns.some((column) => column.code === code))
            add(
              code,
              null,
              'MISSING_NAME',
              'error',
              `The file has no ${code} column; a new contact needs a first and a last name`,
            );
        }
      }
    }
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
      const values = { ...EMPTY };
      this.columns.forEach((column, i) => (values[column.code] = row.values[i]!));
      writes.creates.push({
        line,
        values,
        criteria: this.criteriaColumns
          .map((column, i) => ({ field: column.field, cell: row.criteria.cells[i]! }))
          .filter(({ cell }) => cell.value !== ''),
        authorizations: this.authorizationColumns
          .map((column, i) => ({ field: column.field, cell: row.authorizations.cells[i]! }))
          .filter(({ cell }) => cell.value !== ''),
      });
      return;
    }
    const contactId = row.contactId!;
    const update: ContactUpdate = { contactId, line, fields: [] };
    this.columns.forEach((column, i) => {
      const value = row.values[i]!;
      const was = now![column.code];
      if (value === was) {
        counts.unchanged++;
        return;
      }
      counts.changes++;
      const old = row.olds[i];
      if (old !== undefined && old !== was) {
        counts.conflicts++;
        const overwrite = this.options.onConflict === 'overwrite';
        if (overwrite) counts.warnings++;
        issues.push({
          line,
          contactId: contactIdText,
          column: column.oldName ?? column.newName,
          value: row.oldRaws[i] ?? null,
          code: 'STALE_VALUE',
          severity: overwrite ? 'warning' : 'conflict',
          message: overwrite
            ? `${column.code} was "${old}" at export time but is now "${was}" (changed since the export); overwritten with "${value}" because onConflict=overwrite`
            : `${column.code} was "${old}" at export time but is now "${was}" (changed since the export); left as is. Export a new template, or import with onConflict=overwrite to write "${value}"`,
        });
        if (!overwrite) return;
      }
      update.fields.push({ code: column.code, oldValue: was, newValue: value });
    });
    if (update.fields.length) writes.updates.push(update);
    const { onConflict } = this.options;
    compareFields(
      row.criteria,
      contactId,
      this.criteriaColumns,
      current.criteria.get(contactId) ?? new Map(),
      onConflict,
      counts,
      issues,
      writes.criteria,
    );
    compareFields(
      row.authorizations,
      contactId,
      this.authorizationColumns,
      current.authorizations.get(contactId) ?? new Map(),
      onConflict,
      counts,
      issues,
      writes.authorizations,
    );
  }

  /** E-mail used by another contact of the institution or by another row: a warning on create, an error on update. */
  private checkEmailUse(
    row: ContactRow,
    column: ContactColumn,
    i: number,
    value: string,
    current: ContactCurrent,
    add: (column: string, value: string | null, code: IssueCode, severity: Issue['severity'], message: string) => void,
  ): void {
    const key = value.toLowerCase();
    const severity = row.create ? 'warning' : 'error';
    const consequence = row.create
      ? 'the contact is created anyway; check that it is not a duplicate'
      : 'the row is not applied; each contact needs its own e-mail';
    const others = (current.emails.get(key) ?? []).filter((id) => id !== row.contactId);
    if (others.length) {
      add(
        column.newName,
        row.raws[i],
        'EMAIL_ALREADY_USED',
        severity,
        `${value} is already the e-mail of contact ${others[0]}; ${consequence}`,
      );
      return;
    }
    const firstLine = this.fileEmails.get(key);
    if (firstLine !== undefined && firstLine !== row.line) {
      add(
        column.newName,
        row.raws[i],
        'DUPLICATE_EMAIL_IN_FILE',
        severity,
        `${value} is also on line ${firstLine} of the file; ${consequence}`,
      );
    }
  }

  /**
   * Contacts created by one multi-row INSERT. Its ids are consecutive (innodb_autoinc_lock_mode 0 or 1,
   * read once by the store): the k-th row got LAST_INSERT_ID() + k * auto_increment_increment.
   * @c and @step are read right after the INSERT, on the same connection and in the same transaction
   * as the change log and the values, so a crash or a retried deadlock keeps or loses them all together.
   */
  private createChunk(creates: ContactCreate[]): Statement[] {
    const { importId, institutionId } = this.options;
    const id = (k: number) => `@c + ${k} * @step`;
    const statements: Statement[] = [
      {
        sql: `${CONTACT_INSERT} VALUES ?`,
        params: [
          creates.map(({ values: v }) => [
            institutionId,
            v.first_name,
            v.last_name,
            v.email,
            nullable(v.birth_date),
            nullable(v.language),
          ]),
        ],
      },
      { sql: 'SET @c = LAST_INSERT_ID(), @step = @@auto_increment_increment', params: [] },
      {
        sql: `${CREATED_LOG_INSERT} VALUES ${creates.map((_, k) => `(?, ${id(k)}, 'contact', ?, '', ?, ?)`).join(', ')}`,
        params: creates.flatMap((create) => [importId, CREATED_FIELD, JSON.stringify(create.values), create.line]),
      },
    ];
    const values = creates.flatMap((create, k) =>
      create.criteria.flatMap(({ field, cell }) =>
        (cell.valueIds ?? []).map((valueId) => ({ k, params: [field.id, valueId] })),
      ),
    );
    if (values.length) {
      statements.push({
        sql: `INSERT INTO contact_criterion_values (contact_id, criterion_id, value_id) VALUES ${values.map(({ k }) => `(${id(k)}, ?, ?)`).join(', ')}`,
        params: values.flatMap(({ params }) => params),
      });
    }
    const bools = creates.flatMap((create, k) => authorizationBools(create).map((params) => ({ k, params })));
    if (bools.length) {
      statements.push({
        sql: `INSERT INTO contact_authorizations (contact_id, authorization_id, value) VALUES ${bools.map(({ k }) => `(${id(k)}, ?, ?)`).join(', ')}`,
        params: bools.flatMap(({ params }) => params),
      });
    }
    return statements;
  }

  /**
   * A contact created on its own, when a multi-row INSERT's ids may not be consecutive (innodb_autoinc_lock_mode 2):
   * the new id, read back as @c, keys the change log and the values in the same transaction.
   */
  private createOne(create: ContactCreate): Statement[] {
    const { importId, institutionId } = this.options;
    const v = create.values;
    const statements: Statement[] = [
      {
        sql: `${CONTACT_INSERT} VALUES (?, ?, ?, ?, ?, ?)`,
        params: [institutionId, v.first_name, v.last_name, v.email, nullable(v.birth_date), nullable(v.language)],
      },
      { sql: 'SET @c = LAST_INSERT_ID()', params: [] },
      {
        sql: `${CREATED_LOG_INSERT} VALUES (?, @c, 'contact', ?, '', ?, ?)`,
        params: [importId, CREATED_FIELD, JSON.stringify(v), create.line],
      },
    ];
    const values = create.criteria.flatMap(({ field, cell }) =>
      (cell.valueIds ?? []).map((valueId) => [field.id, valueId]),
    );
    if (values.length) {
      statements.push({
        sql: `INSERT INTO contact_criterion_values (contact_id, criterion_id, value_id) VALUES ${values.map(() => '(@c, ?, ?)').join(', ')}`,
        params: values.flat(),
      });
    }
    const bools = authorizationBools(create);
    if (bools.length) {
      statements.push({
        sql: `INSERT INTO contact_authorizations (contact_id, authorization_id, value) VALUES ${bools.map(() => '(@c, ?, ?)').join(', ')}`,
        params: bools.flat(),
      });
    }
    return statements;
  }

  writeStatements(writes: ContactWrites | undefined): { statements: Statement[]; applied: number } {
    if (!writes) return { statements: [], applied: 0 };
    const { importId, institutionId } = this.options;
    const statements: Statement[] = [];
    if (this.consecutiveIds) {
      for (let from = 0; from < writes.creates.length; from += CREATE_CHUNK)
        statements.push(...this.createChunk(writes.creates.slice(from, from + CREATE_CHUNK)));
    } else {
      for (const create of writes.creates) statements.push(...this.createOne(create));
    }
    const log: unknown[][] = [];
    for (const update of writes.updates) {
      const sets = update.fields.map((field) => `${SQL_COLUMN[field.code]} = ?`).join(', ');
      statements.push({
        sql: `UPDATE contacts SET ${sets} WHERE id = ? AND institution_id = ?`,
        params: [
          ...update.fields.map((field) => storedValue(field.code, field.newValue)),
          update.contactId,
          institutionId,
        ],
      });
      for (const field of update.fields)
        log.push([importId, update.contactId, 'contact', field.code, field.oldValue, field.newValue, update.line]);
    }
    if (log.length)
      statements.push({
        sql: 'INSERT INTO import_changes (import_id, contact_id, field_type, field_code, old_value, new_value, line) VALUES ?',
        params: [log],
      });
    statements.push(
      ...this.criteria.writeStatements(writes.criteria as FieldWrite<CriterionField>[]),
      ...this.context.imports.changeStatements(importId, changeRows(writes.criteria)),
      ...this.authorizations.writeStatements(writes.authorizations as FieldWrite<AuthorizationField>[]),
      ...this.context.imports.changeStatements(importId, changeRows(writes.authorizations)),
    );
    const fieldCount = writes.updates.reduce((sum, update) => sum + update.fields.length, 0);
    return {
      statements,
      applied: writes.creates.length + fieldCount + writes.criteria.length + writes.authorizations.length,
    };
  }
}

const nullable = (value: string) => (value === '' ? null : value);

/** A created contact's authorization values: [authorization id, 0 or 1]; empty cells write nothing. */
function authorizationBools(create: ContactCreate): [number, number][] {
  return create.authorizations
    .filter(({ cell }) => cell.bool !== null && cell.bool !== undefined)
    .map(({ field, cell }) => [field.id, cell.bool ? 1 : 0]);
}

/** The column value of a contact field in stored form: empty dates and languages are NULL. */
export function storedValue(code: ContactColumnCode, value: string): string | null {
  return value === '' && (code === 'birth_date' || code === 'language') ? null : value;
}

export { SQL_COLUMN as CONTACT_SQL_COLUMN };
