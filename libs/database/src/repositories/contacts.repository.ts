import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ContactColumnCode, ContactValues } from '@app/common';
import { CONTACT_COLUMNS, contactColumn } from '@app/common';
import type { Queryable } from './queryable';
import type { Statement } from './statement';
import { ROWS_PER_STATEMENT } from './statement';

/** Rows per multi-row INSERT. */
const ROWS_PER_INSERT = ROWS_PER_STATEMENT;

// Built once from the contact columns table: the column names are constants of the code, never input.
/** The `contacts` columns of CONTACT_COLUMNS, in template order. */
const SQL_COLUMNS = CONTACT_COLUMNS.map((column) => column.sqlColumn).join(', ');
/** Each contact column in template form, '' for empty, named by its template code. */
const TEMPLATE_SELECT = CONTACT_COLUMNS.map((column) => `COALESCE(${column.select()}, '') AS ${column.code}`).join(
  ', ',
);
/** The informative columns of a criteria or authorizations template, in its order. */
const INFO_SELECT = 'c.last_name, c.first_name, c.email';
/** Every contact column in template form (NULL for empty), in template order: the rows of a contacts template. */
const ALL_SELECT = CONTACT_COLUMNS.map((column) => column.select('c')).join(', ');
/** One contact's placeholders: institution_id and each contact column. */
const CONTACT_PLACEHOLDERS = `(?${', ?'.repeat(CONTACT_COLUMNS.length)})`;

/** A contact to create: its columns in stored text form, criterion values and authorizations by id. */
export interface NewContact {
  values: ContactValues;
  criterionValues: [criterionId: number, valueId: number][];
  authorizations: [authorizationId: number, value: boolean][];
}

/** A contact of a target's preview. */
export interface ContactSummary {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
}

/** The words of a contact search (at most 5, the rest ignored): each must start a name or the e-mail. */
const searchWords = (q: string | undefined): string[] => (q ?? '').split(/\s+/).filter(Boolean).slice(0, 5);

/** The SQL of a target's contacts over `contacts c` (compiled by @app/targeting: placeholders only). */
export interface ContactCondition {
  sql: string;
  params: unknown[];
}

/** Every statement on `contacts` and on the values of a contact (criteria, authorizations). */
@Injectable()
export class ContactsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The columns of these contacts of the institution, in stored text form ('' for empty), by id; unknown ids are
   * absent.
   */
  async findColumns(
    institutionId: number,
    ids: readonly number[],
    db: Queryable = this.dataSource,
  ): Promise<Map<number, ContactValues>> {
    if (!ids.length) return new Map();
    const rows: (ContactValues & { id: number | string })[] = await db.query(
      `SELECT id, ${TEMPLATE_SELECT} FROM contacts WHERE institution_id = ? AND id IN (?)`,
      [institutionId, ids],
    );
    return new Map(rows.map(({ id, ...values }) => [Number(id), values as ContactValues] as [number, ContactValues]));
  }

  /** The statement that sets these columns (stored text form) of one contact, for the caller's transaction. */
  updateStatement(institutionId: number, contactId: number, values: Partial<ContactValues>): Statement {
    return contactUpdateStatement(institutionId, contactId, values);
  }

  /** Sets these columns of one contact; false when the institution has no such contact. */
  async update(
    institutionId: number,
    contactId: number,
    values: Partial<ContactValues>,
    db: Queryable = this.dataSource,
  ): Promise<boolean> {
    const { sql, params } = this.updateStatement(institutionId, contactId, values);
    const result: { affectedRows: number } = await db.query(sql, params);
    return Number(result.affectedRows) > 0;
  }

  /** lower-case e-mail -> ids of the institution's contacts using it. */
  async idsByEmail(institutionId: number, emails: readonly string[]): Promise<Map<string, number[]>> {
    const used = new Map<string, number[]>();
    if (!emails.length) return used;
    const rows: { id: number; email: string }[] = await this.dataSource.query(
      'SELECT id, email FROM contacts WHERE institution_id = ? AND email IN (?)',
      [institutionId, emails],
    );
    for (const { id, email } of rows) {
      const key = email.toLowerCase();
      used.set(key, [...(used.get(key) ?? []), Number(id)]);
    }
    return used;
  }

  /** Every criterion of the institution -> this contact's value codes, sorted ([] when none). */
  async criterionCodes(institutionId: number, contactId: number): Promise<Record<string, string[]>> {
    const rows: { criterion: string; value: string | null }[] = await this.dataSource.query(
      `SELECT cr.code AS criterion, v.code AS value
         FROM criteria cr
         LEFT JOIN contact_criterion_values ccv ON ccv.criterion_id = cr.id AND ccv.contact_id = ?
         LEFT JOIN criterion_values v ON v.id = ccv.value_id
        WHERE cr.institution_id = ?
        ORDER BY cr.code`,
      [contactId, institutionId],
    );
    const criteria: Record<string, string[]> = {};
    for (const row of rows) {
      criteria[row.criterion] ??= [];
      if (row.value !== null) criteria[row.criterion].push(row.value);
    }
    for (const codes of Object.values(criteria)) codes.sort(compareCodes);
    return criteria;
  }

  /** Every authorization of the institution -> this contact's value: true, false or null (empty). */
  async authorizationValues(institutionId: number, contactId: number): Promise<Record<string, boolean | null>> {
    const rows: { authorization: string; value: number | null }[] = await this.dataSource.query(
      `SELECT a.code AS authorization, ca.value AS value
         FROM authorizations a
         LEFT JOIN contact_authorizations ca ON ca.authorization_id = a.id AND ca.contact_id = ?
        WHERE a.institution_id = ?
        ORDER BY a.code`,
      [contactId, institutionId],
    );
    const authorizations: Record<string, boolean | null> = {};
    for (const row of rows) authorizations[row.authorization] = row.value === null ? null : Boolean(Number(row.value));
    return authorizations;
  }

  /** Creates contacts with their values in one transaction, with a handful of multi-row INSERTs; their ids in order. */
  createMany(institutionId: number, contacts: readonly NewContact[]): Promise<number[]> {
    return this.dataSource.transaction(async (manager) => {
      const ids = await this.insertContacts(manager, institutionId, contacts);
      const valueRows = contacts.flatMap((contact, i) =>
        contact.criterionValues.map(([criterionId, valueId]) => [ids[i], criterionId, valueId]),
      );
      const authorizationRows = contacts.flatMap((contact, i) =>
        contact.authorizations.map(([authorizationId, value]) => [ids[i], authorizationId, value ? 1 : 0]),
      );
      await insertRows(manager, 'contact_criterion_values (contact_id, criterion_id, value_id)', valueRows);
      await insertRows(manager, 'contact_authorizations (contact_id, authorization_id, value)', authorizationRows);
      return ids;
    });
  }

  /** How many contacts a target's condition holds, and their id span (null when none). */
  async targetSpan(condition: ContactCondition): Promise<{ total: number; lo: number | null; hi: number | null }> {
    const [row]: { total: string | number; lo: number | null; hi: number | null }[] = await this.dataSource.query(
      `SELECT COUNT(*) AS total, MIN(c.id) AS lo, MAX(c.id) AS hi FROM contacts c WHERE ${condition.sql}`,
      condition.params,
    );
    return {
      total: Number(row.total),
      lo: row.lo === null ? null : Number(row.lo),
      hi: row.hi === null ? null : Number(row.hi),
    };
  }

  /**
   * The query of a template's contact rows, in id order, to stream: `[id, ...columns]` with the informative
   * columns (last name, first name, e-mail) or every contact column of the table in template form.
   */
  templateRowsQuery(condition: ContactCondition, columns: 'info' | 'all'): Statement {
    const select = columns === 'info' ? INFO_SELECT : ALL_SELECT;
    return {
      sql: `SELECT c.id, ${select} FROM contacts c WHERE ${condition.sql} ORDER BY c.id`,
      params: condition.params,
    };
  }

  /**
   * The institution's contacts by id, one page of them and how many in all: those with this e-mail (trimmed; the
   * column's collation ignores case), and whose first name, last name or e-mail starts with each word of `q`. Each
   * test has its index (institution, column), so that a search stays a few index ranges on a large institution; a
   * "contains" test would read every contact of it.
   */
  async search(
    institutionId: number,
    filter: { email?: string; q?: string },
    page: { offset: number; limit: number },
  ): Promise<{ total: number; items: ContactSummary[] }> {
    const where = ['c.institution_id = ?'];
    const params: unknown[] = [institutionId];
    if (filter.email !== undefined) {
      where.push('c.email = ?');
      params.push(filter.email);
    }
    for (const word of searchWords(filter.q)) {
      where.push('(c.first_name LIKE ? OR c.last_name LIKE ? OR c.email LIKE ?)');
      const prefix = `${word.replace(/[\\%_]/g, '\\$&')}%`;
      params.push(prefix, prefix, prefix);
    }
    const condition = where.join(' AND ');
    const [{ total }]: { total: number | string }[] = await this.dataSource.query(
      `SELECT COUNT(*) AS total FROM contacts c WHERE ${condition}`,
      params,
    );
    const items: ContactSummary[] = await this.dataSource.query(
      `SELECT c.id, c.first_name AS firstName, c.last_name AS lastName, c.email FROM contacts c WHERE ${condition}
       ORDER BY c.id LIMIT ? OFFSET ?`,
      [...params, page.limit, page.offset],
    );
    return { total: Number(total), items: items.map((row) => ({ ...row, id: Number(row.id) })) };
  }

  /** How many contacts match a target's condition, and the first `size` of them by id. */
  async countAndSample(
    condition: ContactCondition,
    size: number,
  ): Promise<{ count: number; sample: ContactSummary[] }> {
    const [{ count }]: { count: number | string }[] = await this.dataSource.query(
      `SELECT COUNT(*) AS count FROM contacts c WHERE ${condition.sql}`,
      condition.params,
    );
    const limit = Math.max(0, Math.floor(size));
    const sample: ContactSummary[] = await this.dataSource.query(
      `SELECT c.id, c.first_name AS firstName, c.last_name AS lastName, c.email FROM contacts c WHERE ${condition.sql} ORDER BY c.id LIMIT ${limit}`,
      condition.params,
    );
    return { count: Number(count), sample: sample.map((row) => ({ ...row, id: Number(row.id) })) };
  }

  private async insertContacts(
    db: Queryable,
    institutionId: number,
    contacts: readonly NewContact[],
  ): Promise<number[]> {
    // A multi-row INSERT gets consecutive auto-increment ids (a "simple insert" in InnoDB terms),
    // spaced by auto_increment_increment, starting at insertId.
    const [{ step }]: { step: number }[] = await db.query('SELECT @@auto_increment_increment AS step');
    const ids: number[] = [];
    for (let start = 0; start < contacts.length; start += ROWS_PER_INSERT) {
      const chunk = contacts.slice(start, start + ROWS_PER_INSERT);
      const params = chunk.flatMap(({ values }) => [
        institutionId,
        ...CONTACT_COLUMNS.map((column) => column.stored(values[column.code])),
      ]);
      const result: { insertId: number; affectedRows: number } = await db.query(
        `INSERT INTO contacts (institution_id, ${SQL_COLUMNS}) VALUES ${chunk.map(() => CONTACT_PLACEHOLDERS).join(', ')}`,
        params,
      );
      if (Number(result.affectedRows) !== chunk.length)
        throw new Error(`Inserted ${result.affectedRows} contacts instead of ${chunk.length}`);
      const first = Number(result.insertId);
      for (let i = 0; i < chunk.length; i++) ids.push(first + i * Number(step));
    }
    return ids;
  }
}

async function insertRows(db: Queryable, into: string, rows: (number | string)[][]): Promise<void> {
  if (!rows.length) return;
  const placeholder = `(${rows[0].map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT * 2) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT * 2);
    await db.query(`INSERT INTO ${into} VALUES ${chunk.map(() => placeholder).join(', ')}`, chunk.flat());
  }
}

function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The statement that sets these columns (stored text form) of one contact of the institution. */
export function contactUpdateStatement(
  institutionId: number,
  contactId: number,
  values: Partial<ContactValues>,
): Statement {
  const codes = Object.keys(values) as ContactColumnCode[];
  if (!codes.length) throw new Error('No contact column to update');
  const sets = codes.map((code) => `${contactColumn(code).sqlColumn} = ?`).join(', ');
  return {
    sql: `UPDATE contacts SET ${sets} WHERE id = ? AND institution_id = ?`,
    params: [...codes.map((code) => contactColumn(code).stored(values[code]!)), contactId, institutionId],
  };
}

/** The change log's field_code of a contact an import created (its new_value holds the contact's columns as JSON). */
export const CREATED_CONTACT = '__created';

/** A contact an import creates from one line of its file. */
export interface ImportedContact extends NewContact {
  line: number;
}

const CREATED_LOG_INSERT =
  'INSERT INTO import_changes (import_id, contact_id, field_type, field_code, old_value, new_value, line)';

/**
 * Contacts an import creates, with their values and their change-log rows, for the caller's transaction.
 * With `consecutiveIds` (innodb_autoinc_lock_mode 0 or 1) one multi-row INSERT per chunk: its k-th row got
 * LAST_INSERT_ID() + k * auto_increment_increment. Otherwise one INSERT per contact, its id read back as @c.
 * @c and @step are read right after each INSERT, on the same connection and in the same transaction as the
 * change log and the values, so a crash or a retried deadlock keeps or loses them all together.
 */
export function importedContactStatements(
  importId: number,
  institutionId: number,
  contacts: readonly ImportedContact[],
  consecutiveIds: boolean,
): Statement[] {
  const statements: Statement[] = [];
  if (consecutiveIds) {
    for (let from = 0; from < contacts.length; from += ROWS_PER_STATEMENT) {
      const chunk = contacts.slice(from, from + ROWS_PER_STATEMENT);
      statements.push(
        {
          sql: `INSERT INTO contacts (institution_id, ${SQL_COLUMNS}) VALUES ?`,
          params: [chunk.map(({ values }) => contactRow(institutionId, values))],
        },
        { sql: 'SET @c = LAST_INSERT_ID(), @step = @@auto_increment_increment', params: [] },
        ...createdRows(importId, chunk, (k) => `@c + ${k} * @step`),
      );
    }
    return statements;
  }
  for (const contact of contacts) {
    statements.push(
      {
        sql: `INSERT INTO contacts (institution_id, ${SQL_COLUMNS}) VALUES ?`,
        params: [[contactRow(institutionId, contact.values)]],
      },
      { sql: 'SET @c = LAST_INSERT_ID()', params: [] },
      ...createdRows(importId, [contact], () => '@c'),
    );
  }
  return statements;
}

const contactRow = (institutionId: number, values: ContactValues) => [
  institutionId,
  ...CONTACT_COLUMNS.map((column) => column.stored(values[column.code])),
];

/**
 * The change log, criterion values and authorizations of just-inserted contacts; `id(k)` is the k-th one's id in SQL.
 */
function createdRows(importId: number, contacts: readonly ImportedContact[], id: (k: number) => string): Statement[] {
  const statements: Statement[] = [
    {
      sql: `${CREATED_LOG_INSERT} VALUES ${contacts.map((_, k) => `(?, ${id(k)}, 'contact', ?, '', ?, ?)`).join(', ')}`,
      params: contacts.flatMap((contact) => [importId, CREATED_CONTACT, JSON.stringify(contact.values), contact.line]),
    },
  ];
  const values = contacts.flatMap((contact, k) => contact.criterionValues.map((pair) => ({ k, pair })));
  if (values.length) {
    statements.push({
      sql: `INSERT INTO contact_criterion_values (contact_id, criterion_id, value_id) VALUES ${values.map(({ k }) => `(${id(k)}, ?, ?)`).join(', ')}`,
      params: values.flatMap(({ pair }) => pair),
    });
  }
  const answers = contacts.flatMap((contact, k) =>
    contact.authorizations.map(([authorizationId, value]) => ({ k, params: [authorizationId, value ? 1 : 0] })),
  );
  if (answers.length) {
    statements.push({
      sql: `INSERT INTO contact_authorizations (contact_id, authorization_id, value) VALUES ${answers.map(({ k }) => `(${id(k)}, ?, ?)`).join(', ')}`,
      params: answers.flatMap(({ params }) => params),
    });
  }
  return statements;
}

/** Deletes contacts (an import's, reverted) with their values. */
export function deleteContactsStatements(institutionId: number, ids: number[]): Statement[] {
  return [
    { sql: 'DELETE FROM contact_criterion_values WHERE contact_id IN (?)', params: [ids] },
    { sql: 'DELETE FROM contact_authorizations WHERE contact_id IN (?)', params: [ids] },
    { sql: 'DELETE FROM contacts WHERE institution_id = ? AND id IN (?)', params: [institutionId, ids] },
  ];
}
