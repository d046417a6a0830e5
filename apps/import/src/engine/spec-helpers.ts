/** In-memory fakes for the import engine's specs: one institution's contacts and values, and what got committed. */
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import type { BatchWriter, FieldValuesRepository, Statement, ValueTableName } from '@app/database';
import { CodesRepository, ContactsRepository, ImportsRepository } from '@app/database';
import type { FieldSets } from '@app/fields';
import { loadFieldSets } from '@app/fields';
import type { CodeMaps } from '@app/targeting';
import { ImportEngine } from './import-engine';
import { emptyCounts } from './row-check';
import type { RowKindContext, RunOptions } from './row-kind';

export const INSTITUTION = 7;
export const IMPORT_ID = 41;

/**
 * The codes of the specs' institution. Criterion MUSIC (id 1, multi-valued: JAZZ 100, POP 101, ROCK 102),
 * LEVEL (id 2: GOLD 200, SILVER 201); authorizations NEWSLETTER (id 5) and PHOTO (id 6).
 */
export const CODES: CodeMaps = {
  criteria: new Map([
    [
      'MUSIC',
      {
        id: 1,
        multiValued: true,
        values: new Map([
          ['JAZZ', 100],
          ['POP', 101],
          ['ROCK', 102],
        ]),
      },
    ],
    [
      'LEVEL',
      {
        id: 2,
        multiValued: false,
        values: new Map([
          ['GOLD', 200],
          ['SILVER', 201],
        ]),
      },
    ],
  ]),
  authorizations: new Map([
    ['NEWSLETTER', 5],
    ['PHOTO', 6],
  ]),
};

export const fieldSets = (): FieldSets => loadFieldSets(CODES);

export interface FakeContact {
  id: number;
  first_name: string;
  last_name: string;
  email: string;
  /** yyyy-mm-dd or '' */
  birth_date: string;
  language: string;
}

/** One institution's contacts and their stored values: criterion value ids and authorization answers. */
export class FakeDatabase {
  readonly contacts = new Map<number, FakeContact>();
  readonly criterionValues = new Map<number, number[]>();
  readonly authorizations = new Map<number, Map<number, boolean>>();
  /** The SQL of every query the row kinds sent through the data source. */
  readonly queries: { sql: string; params: unknown[] }[] = [];

  contact(id: number, fields: Partial<Omit<FakeContact, 'id'>> = {}): this {
    this.contacts.set(id, {
      id,
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: '',
      birth_date: '',
      language: '',
      ...fields,
    });
    return this;
  }

  values(id: number, valueIds: number[]): this {
    this.criterionValues.set(id, valueIds);
    return this;
  }

  answers(id: number, answers: Record<number, boolean>): this {
    this.authorizations.set(id, new Map(Object.entries(answers).map(([field, value]) => [Number(field), value])));
    return this;
  }

  /** The values repository, reading this memory as the SQL of FieldValuesRepository.loadPacked would. */
  repository(): FieldValuesRepository {
    return {
      loadPacked: (table: ValueTableName, institutionId: number, fieldIds: number[], contactIds: number[]) => {
        if (institutionId !== INSTITUTION) return Promise.resolve({ existing: [], packed: [] });
        const existing = contactIds.filter((id) => this.contacts.has(id));
        const packed = existing.flatMap((contactId) => {
          const values =
            table === 'contact_criterion_values'
              ? (this.criterionValues.get(contactId) ?? []).filter((valueId) => fieldIds.includes(criterionOf(valueId)))
              : [...(this.authorizations.get(contactId) ?? [])]
                  .filter(([field]) => fieldIds.includes(field))
                  .map(([field, answer]) => field * 2 + (answer ? 1 : 0));
          return values.length ? [{ contactId, values: values.join(',') }] : [];
        });
        return Promise.resolve({ existing, packed });
      },
    } as unknown as FieldValuesRepository;
  }

  /** The real contacts repository over the fake data source. */
  contactsRepository(): ContactsRepository {
    return new ContactsRepository(this.dataSource());
  }

  /** The real codes repository over the fake data source (CODES for the specs' institution). */
  codesRepository(): CodesRepository {
    return new CodesRepository(this.dataSource());
  }

  /**
   * The data source of the contact and code queries (ContactRows, ContactRevert, loadCodeMaps), answered from memory.
   * Queries are told apart by what they ask (contacts by id, by e-mail), not by their column lists.
   */
  dataSource(): DataSource {
    return {
      query: (sql: string, params: unknown[]) => {
        this.queries.push({ sql, params });
        const [institutionId, list] = params as [number, unknown[]];
        const ours = [...this.contacts.values()].filter(() => institutionId === INSTITUTION);
        if (/FROM contacts WHERE institution_id = \? AND id IN \(\?\)/.test(sql))
          return Promise.resolve(ours.filter((contact) => list.includes(contact.id)));
        if (/FROM contacts WHERE institution_id = \? AND email IN \(\?\)/.test(sql)) {
          const wanted = (list as string[]).map((email) => email.toLowerCase());
          return Promise.resolve(
            ours
              .filter((contact) => wanted.includes(contact.email.toLowerCase()))
              .map(({ id, email }) => ({ id, email })),
          );
        }
        if (/FROM criteria cr/.test(sql)) return Promise.resolve(institutionId === INSTITUTION ? criterionRows() : []);
        if (/FROM authorizations/.test(sql))
          return Promise.resolve(
            institutionId === INSTITUTION ? [...CODES.authorizations].map(([code, id]) => ({ id, code })) : [],
          );
        return Promise.reject(new Error(`FakeDatabase: unexpected query ${sql}`));
      },
    } as unknown as DataSource;
  }
}

/** The rows loadCodeMaps reads for CODES (criteria joined to their values). */
const criterionRows = () =>
  [...CODES.criteria].flatMap(([criterionCode, criterion]) =>
    [...criterion.values].map(([valueCode, valueId]) => ({
      criterionId: criterion.id,
      criterionCode,
      multiValued: criterion.multiValued ? 1 : 0,
      valueId,
      valueCode,
    })),
  );

/** The criterion of a value id in CODES (value ids are criterion id * 100 + n). */
const criterionOf = (valueId: number) => Math.floor(valueId / 100);

/** A BatchWriter that keeps each committed transaction instead of running it. */
export class FakeWriter {
  readonly commits: Statement[][] = [];
  readonly runs: Statement[][] = [];
  constructor(private readonly consecutiveIds = true) {}

  commit(statements: Statement[]): Promise<void> {
    this.commits.push(statements);
    return Promise.resolve();
  }

  run(statements: Statement[]): Promise<void> {
    this.runs.push(statements);
    return Promise.resolve();
  }

  multiRowInsertIdsConsecutive(): Promise<boolean> {
    return Promise.resolve(this.consecutiveIds);
  }

  asWriter(): BatchWriter {
    return this as unknown as BatchWriter;
  }
}

/** The real repository: its statement builders are pure, the data source is never used. */
export const importsRepository = () => new ImportsRepository({} as DataSource);

export function runOptions(overrides: Partial<RunOptions> = {}): RunOptions {
  return {
    importId: IMPORT_ID,
    institutionId: INSTITUTION,
    dataType: 'criteria',
    fields: fieldSets(),
    onConflict: 'skip',
    write: true,
    checkpoint: true,
    resumeAfter: 0,
    counts: emptyCounts(),
    batchSize: 2000,
    maxLineBytes: 1024 * 1024,
    isCancelled: () => Promise.resolve(false),
    ...overrides,
  };
}

export function rowKindContext(db: FakeDatabase, writer: FakeWriter, options: RunOptions): RowKindContext {
  return {
    options,
    values: db.repository(),
    contacts: db.contactsRepository(),
    imports: importsRepository(),
    writer: writer.asWriter(),
  };
}

export const engineOver = (db: FakeDatabase, writer: FakeWriter) =>
  new ImportEngine(db.repository(), db.contactsRepository(), importsRepository(), writer.asWriter());

/** CSV text of rows (cells with no comma, quote or line break), CRLF as the templates are written. */
export const csv = (...rows: string[][]) => Readable.from([rows.map((row) => row.join(',')).join('\r\n')]);

/** What a statement does, in a few words: `DELETE contact_criterion_values`, `UPDATE imports`, `SET`. */
export function statementName(statement: Statement): string {
  const match = /^(INSERT INTO|DELETE FROM|UPDATE|SET)\s*(\w*)/.exec(statement.sql.trim());
  if (!match) return statement.sql.slice(0, 20);
  const verb = match[1].split(' ')[0];
  return verb === 'SET' ? 'SET' : `${verb} ${match[2]}`;
}

/** The rows of every multi-row `VALUES ?` statement of this name, over the given commits. */
export function rowsOf(commits: Statement[][], name: string): unknown[][] {
  return commits
    .flat()
    .filter((statement) => statementName(statement) === name)
    .flatMap((statement) => statement.params[0] as unknown[][]);
}

/** The counts and cursor of a progress statement (`UPDATE imports`), by name. */
export function progressOf(statement: Statement) {
  const params = statement.params as number[];
  const cursor = statement.sql.includes('last_applied_line');
  const total = statement.sql.includes('total = ?');
  const [rows, validRows, errorRows, changes, unchanged, conflicts, applied, warnings] = params;
  return {
    counts: { rows, validRows, errorRows, changes, unchanged, conflicts, applied, warnings },
    lastLine: cursor ? params[9] : undefined,
    total: total ? params[cursor ? 10 : 9] : undefined,
    importId: params[params.length - 1],
  };
}
