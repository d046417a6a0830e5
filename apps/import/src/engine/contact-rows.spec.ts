import { CREATED_CONTACT } from '@app/database';
import { ContactRows } from './contact-rows';
import type { Issue } from './row-check';
import { emptyCounts } from './row-check';
import type { RunOptions } from './row-kind';
import { HeaderError } from './row-kind';
import {
  csv,
  engineOver,
  FakeDatabase,
  FakeWriter,
  IMPORT_ID,
  INSTITUTION,
  progressOf,
  rowKindContext,
  rowsOf,
  runOptions,
  statementName,
} from './spec-helpers';

/** Contacts 10 (Ada, MUSIC JAZZ, NEWSLETTER TRUE) and 11 (Grace, no birth date nor language). */
const database = () =>
  new FakeDatabase()
    .contact(10, {
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.org',
      birth_date: '1915-12-10',
      language: 'en',
    })
    .values(10, [100])
    .answers(10, { 5: true })
    .contact(11, { first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.org' });

const NAMES = ['contact_id', 'first_name', 'last_name', 'email'];

interface CheckOptions extends Partial<RunOptions> {
  db?: FakeDatabase;
  consecutiveIds?: boolean;
}

/** Runs rows (header first) through one ContactRows as the engine would for one batch. */
async function check(rows: string[][], { db = database(), consecutiveIds = true, ...overrides }: CheckOptions = {}) {
  const writer = new FakeWriter(consecutiveIds);
  const kind = await ContactRows.create(rowKindContext(db, writer, runOptions({ dataType: 'contacts', ...overrides })));
  const [header, ...lines] = rows;
  kind.readHeader({ line: 1, cells: header });
  const prepared = lines.flatMap((cells, i) => kind.prepare({ line: i + 2, cells }) ?? []);
  const current = await kind.load(prepared);
  const counts = emptyCounts();
  const issues: Issue[] = [];
  const writes = kind.compare(prepared, current, counts, issues);
  const { statements, applied } = kind.writeStatements(writes);
  return {
    counts,
    applied,
    statements,
    /** [line, code, severity, column] */
    issues: issues.map((issue) => [issue.line, issue.code, issue.severity, issue.column]),
    messages: issues.map((issue) => issue.message),
    queries: db.queries,
  };
}

const codesOf = (issues: unknown[][]) => issues.map((issue) => issue[1]);

describe('ContactRows', () => {
  describe('header', () => {
    const header = async (cells: string[]) => {
      const kind = await ContactRows.create(
        rowKindContext(database(), new FakeWriter(), runOptions({ dataType: 'contacts' })),
      );
      try {
        kind.readHeader({ line: 1, cells });
        return [];
      } catch (error) {
        if (!(error instanceof HeaderError)) throw error;
        return error.issues.map((issue) => issue.code);
      }
    };

    it.each([
      [['first_name', 'last_name'], []],
      [['contact_id', 'email', '[new] MUSIC', 'NEWSLETTER'], []],
      [['contact_id'], ['NO_FIELD_COLUMNS']],
      [['contact_id', 'mobile'], ['UNKNOWN_CODE']],
      [['contact_id', '[old] email'], ['OLD_WITHOUT_NEW']],
    ])('reads %j with %j', async (cells, codes) => {
      expect(await header(cells)).toEqual(codes);
    });
  });

  describe('updates', () => {
    it('writes the changed contact columns and logs their old and new values as in files', async () => {
      const { counts, applied, statements } = await check([
        [...NAMES, 'birth_date', 'language'],
        ['10', 'Augusta', 'Lovelace', 'ada@example.org', '10.12.1915', 'FR'],
        ['11', 'Grace', 'Hopper', 'grace@example.org', '1906-12-09', ''],
      ]);
      expect(counts).toMatchObject({ rows: 2, validRows: 2, changes: 3, unchanged: 7, applied: 0 });
      expect(applied).toBe(3);
      expect(statements.map(statementName)).toEqual(['UPDATE contacts', 'UPDATE contacts', 'INSERT import_changes']);
      expect(statements[0]).toEqual({
        sql: 'UPDATE contacts SET first_name = ?, language = ? WHERE id = ? AND institution_id = ?',
        params: ['Augusta', 'fr', 10, INSTITUTION],
      });
      expect(statements[1].params).toEqual(['1906-12-09', 11, INSTITUTION]);
      expect(rowsOf([statements], 'INSERT import_changes')).toEqual([
        [IMPORT_ID, 10, 'contact', 'first_name', 'Ada', 'Augusta', 2],
        [IMPORT_ID, 10, 'contact', 'language', 'en', 'fr', 2],
        [IMPORT_ID, 11, 'contact', 'birth_date', '', '1906-12-09', 3],
      ]);
    });

    it('stores an emptied birth date or language as NULL, logged as empty', async () => {
      const { statements } = await check([
        ['contact_id', 'birth_date', 'language'],
        ['10', '', ''],
      ]);
      expect(statements[0].params).toEqual([null, null, 10, INSTITUTION]);
      expect(rowsOf([statements], 'INSERT import_changes').map((change) => change.slice(3, 6))).toEqual([
        ['birth_date', '1915-12-10', ''],
        ['language', 'en', ''],
      ]);
    });

    it('reads each contact and the e-mails of the batch once, in two queries of the institution', async () => {
      const { queries } = await check([NAMES, ['10', 'Ada', 'Lovelace', 'ADA@example.org'], ['', 'Al', 'Bo', '']]);
      expect(queries.map((query) => query.params)).toEqual([
        [INSTITUTION, [10]],
        [INSTITUTION, ['ada@example.org']],
      ]);
    });

    it.each([
      ['skip', 'conflict', []],
      ['overwrite', 'warning', ['Augusta']],
    ] as const)('reports a stale [old] value with onConflict=%s as a %s', async (onConflict, severity, written) => {
      const { counts, issues, statements } = await check(
        [
          ['contact_id', '[old] first_name', '[new] first_name'],
          ['10', 'Ann', 'Augusta'],
        ],
        { onConflict },
      );
      expect(issues).toEqual([[2, 'STALE_VALUE', severity, '[old] first_name']]);
      expect(counts).toMatchObject({ changes: 1, conflicts: 1, validRows: 1 });
      expect(statements.filter((s) => statementName(s) === 'UPDATE contacts').map((s) => s.params[0])).toEqual(written);
    });

    it('compares [old] values in their stored form: a date or language written differently is not stale', async () => {
      const { issues, counts } = await check([
        ['contact_id', '[old] birth_date', '[new] birth_date', '[old] language', '[new] language'],
        ['10', '10/12/1915', '1915-12-10', 'EN', 'de'],
      ]);
      expect(issues).toEqual([]);
      expect(counts).toMatchObject({ changes: 1, unchanged: 1, conflicts: 0 });
    });

    it('refuses rows naming no contact of the institution, an invalid id, a repeated contact or a wrong cell count', async () => {
      const { issues, counts, statements } = await check([
        NAMES,
        ['99', 'Al', 'Bo', ''],
        ['1x', 'Al', 'Bo', ''],
        ['10', 'Al', 'Bo', ''],
        ['10', 'Al', 'Bo', ''],
        ['11', 'Al'],
        [''],
      ]);
      expect(issues).toEqual([
        [2, 'UNKNOWN_CONTACT', 'error', 'contact_id'],
        [3, 'INVALID_CONTACT_ID', 'error', 'contact_id'],
        [5, 'DUPLICATE_CONTACT', 'error', 'contact_id'],
        [6, 'MALFORMED_ROW', 'error', ''],
      ]);
      expect(counts).toMatchObject({ rows: 5, validRows: 1, errorRows: 4 });
      expect(statements.filter((s) => statementName(s) === 'UPDATE contacts').map((s) => s.params.at(-2))).toEqual([
        10,
      ]);
    });

    it('checks only the values an update changes', async () => {
      const db = database().contact(12, { first_name: 'R2D2', last_name: 'Droid' });
      const { issues } = await check([NAMES, ['12', 'R2D2', 'Droid', '']], { db });
      expect(issues).toEqual([]);
      const changed = await check([NAMES, ['12', 'R3D3', '', '']], { db });
      expect(codesOf(changed.issues)).toEqual(['DIGITS_IN_NAME', 'MISSING_NAME']);
    });

    it('writes criteria and authorization columns beside the contact columns, logged by their kind', async () => {
      const { statements, applied } = await check([
        ['contact_id', 'first_name', '[old] MUSIC', '[new] MUSIC', 'NEWSLETTER'],
        ['10', 'Ada', 'JAZZ', 'JAZZ|POP', ''],
      ]);
      expect(applied).toBe(2);
      expect(statements.map(statementName)).toEqual([
        'DELETE contact_criterion_values',
        'INSERT contact_criterion_values',
        'INSERT import_changes',
        'DELETE contact_authorizations',
        'INSERT import_changes',
      ]);
      expect(rowsOf([statements], 'INSERT contact_criterion_values')).toEqual([
        [10, 1, 100],
        [10, 1, 101],
      ]);
      expect(rowsOf([statements], 'INSERT import_changes')).toEqual([
        [IMPORT_ID, 10, 'criterion', 'MUSIC', 'JAZZ', 'JAZZ|POP', 2],
        [IMPORT_ID, 10, 'authorization', 'NEWSLETTER', 'TRUE', '', 2],
      ]);
    });
  });

  describe('quality checks', () => {
    it.each([
      [['', 'Al', 'Bo', 'not-an-email'], 'INVALID_EMAIL', 'email'],
      [['', 'Al', 'Bo', 'a@b'], 'INVALID_EMAIL', 'email'],
      [['', 'Al2', 'Bo', ''], 'DIGITS_IN_NAME', 'first_name'],
      [['', 'Al', 'B'.repeat(101), ''], 'TOO_LONG', 'last_name'],
      [['', '', 'Bo', ''], 'MISSING_NAME', 'first_name'],
      [['', 'Al', '  ', ''], 'MISSING_NAME', 'last_name'],
      [['11', 'Grace', '', 'grace@example.org'], 'MISSING_NAME', 'last_name'],
    ])('refuses %j with %s in %s', async (cells, code, column) => {
      const { issues, counts, applied } = await check([NAMES, cells]);
      expect(issues).toEqual([[2, code, 'error', column]]);
      expect(counts).toMatchObject({ errorRows: 1, validRows: 0 });
      expect(applied).toBe(0);
    });

    it.each([
      ['31.02.1980', 'INVALID_DATE'],
      ['1980/12/31', 'INVALID_DATE'],
      ['31.12.2999', 'FUTURE_DATE'],
      ['1815-12-10', 'INVALID_DATE'],
    ])('refuses the birth date %j with %s', async (date, code) => {
      const { issues } = await check([
        ['first_name', 'last_name', 'birth_date'],
        ['Al', 'Bo', date],
      ]);
      expect(codesOf(issues)).toEqual([code]);
    });

    it('refuses an unknown language', async () => {
      const { issues } = await check([
        ['contact_id', 'language'],
        ['10', 'es'],
      ]);
      expect(issues).toEqual([[2, 'UNKNOWN_LANGUAGE', 'error', 'language']]);
    });

    it('refuses to create a contact from a file with no name columns', async () => {
      const { issues } = await check([
        ['contact_id', 'email'],
        ['', 'new@example.org'],
      ]);
      expect(issues).toEqual([
        [2, 'MISSING_NAME', 'error', 'first_name'],
        [2, 'MISSING_NAME', 'error', 'last_name'],
      ]);
    });
  });

  describe('e-mail use', () => {
    it("warns when a created contact takes another contact's e-mail, and creates it anyway", async () => {
      const { issues, messages, counts } = await check([NAMES, ['', 'Al', 'Bo', 'ADA@example.org']]);
      expect(issues).toEqual([[2, 'EMAIL_ALREADY_USED', 'warning', 'email']]);
      expect(messages[0]).toContain('contact 10');
      expect(counts).toMatchObject({ validRows: 1, changes: 1, warnings: 1 });
    });

    it("refuses an update to another contact's e-mail", async () => {
      const { issues, counts, statements } = await check([NAMES, ['11', 'Grace', 'Hopper', 'ada@example.org']]);
      expect(issues).toEqual([[2, 'EMAIL_ALREADY_USED', 'error', 'email']]);
      expect(counts).toMatchObject({ errorRows: 1 });
      expect(statements).toEqual([]);
    });

    it('lets a contact keep its own e-mail in another case', async () => {
      const { issues, statements } = await check([NAMES, ['10', 'Ada', 'Lovelace', 'Ada@Example.org']]);
      expect(issues).toEqual([]);
      expect(statements[0].params).toEqual(['Ada@Example.org', 10, INSTITUTION]);
    });

    it('flags an e-mail repeated in the file: a warning on create, an error on update, naming the first line', async () => {
      const { issues, messages } = await check([
        NAMES,
        ['', 'Al', 'Bo', 'same@example.org'],
        ['', 'Cy', 'Do', 'SAME@example.org'],
        ['11', 'Grace', 'Hopper', 'same@example.org'],
      ]);
      expect(issues).toEqual([
        [3, 'DUPLICATE_EMAIL_IN_FILE', 'warning', 'email'],
        [4, 'DUPLICATE_EMAIL_IN_FILE', 'error', 'email'],
      ]);
      expect(messages[0]).toContain('line 2');
    });
  });

  describe('created contacts', () => {
    const CREATE = [
      ['contact_id', 'first_name', 'last_name', 'email', 'birth_date', 'MUSIC', 'NEWSLETTER', 'PHOTO'],
      ['', 'Al', 'Bo', 'al@example.org', '01.02.1990', 'ROCK|JAZZ', 'TRUE', ''],
      ['', 'Cy', 'Do', '', '', '', 'false', ''],
    ];
    const created = (first: string, last: string, email: string, birth: string) =>
      JSON.stringify({ first_name: first, last_name: last, email, birth_date: birth, language: '', phone: '' });

    it('counts one change and one applied value per created contact', async () => {
      const { counts, applied } = await check(CREATE);
      expect(counts).toMatchObject({ rows: 2, validRows: 2, changes: 2, errorRows: 0 });
      expect(applied).toBe(2);
    });

    it('inserts consecutive ids in one statement and keys the log and the values by @c + k * @step', async () => {
      const { statements } = await check(CREATE, { consecutiveIds: true });
      expect(statements.map(statementName)).toEqual([
        'INSERT contacts',
        'SET',
        'INSERT import_changes',
        'INSERT contact_criterion_values',
        'INSERT contact_authorizations',
      ]);
      const [contacts, set, log, values, answers] = statements;
      expect(contacts.params).toEqual([
        [
          [INSTITUTION, 'Al', 'Bo', 'al@example.org', '1990-02-01', null, null],
          [INSTITUTION, 'Cy', 'Do', '', null, null, null],
        ],
      ]);
      expect(set.sql).toBe('SET @c = LAST_INSERT_ID(), @step = @@auto_increment_increment');
      expect(log.sql).toMatch(/VALUES \(\?, @c \+ 0 \* @step, 'contact', \?, '', \?, \?\), \(\?, @c \+ 1 \* @step,/);
      expect(log.params).toEqual([
        IMPORT_ID,
        CREATED_CONTACT,
        created('Al', 'Bo', 'al@example.org', '1990-02-01'),
        2,
        IMPORT_ID,
        CREATED_CONTACT,
        created('Cy', 'Do', '', ''),
        3,
      ]);
      expect(values.sql).toMatch(/VALUES \(@c \+ 0 \* @step, \?, \?\), \(@c \+ 0 \* @step, \?, \?\)$/);
      expect(values.params).toEqual([1, 100, 1, 102]);
      expect(answers.sql).toMatch(/VALUES \(@c \+ 0 \* @step, \?, \?\), \(@c \+ 1 \* @step, \?, \?\)$/);
      expect(answers.params).toEqual([5, 1, 5, 0]);
    });

    it('inserts contacts one by one when ids may interleave, keying each by its own @c', async () => {
      const { statements } = await check(CREATE, { consecutiveIds: false });
      expect(statements.map(statementName)).toEqual([
        'INSERT contacts',
        'SET',
        'INSERT import_changes',
        'INSERT contact_criterion_values',
        'INSERT contact_authorizations',
        'INSERT contacts',
        'SET',
        'INSERT import_changes',
        'INSERT contact_authorizations',
      ]);
      expect(statements[0].params).toEqual([[[INSTITUTION, 'Al', 'Bo', 'al@example.org', '1990-02-01', null, null]]]);
      expect(statements[1].sql).toBe('SET @c = LAST_INSERT_ID()');
      expect(statements[2].params).toEqual([
        IMPORT_ID,
        CREATED_CONTACT,
        created('Al', 'Bo', 'al@example.org', '1990-02-01'),
        2,
      ]);
      expect(statements[3]).toEqual({
        sql: 'INSERT INTO contact_criterion_values (contact_id, criterion_id, value_id) VALUES (@c, ?, ?), (@c, ?, ?)',
        params: [1, 100, 1, 102],
      });
      expect(statements[8].params).toEqual([5, 0]);
    });

    it('creates and updates in the same batch: creations first, then updates and their log', async () => {
      const { statements } = await check([
        NAMES,
        ['10', 'Augusta', 'Lovelace', 'ada@example.org'],
        ['', 'Al', 'Bo', ''],
      ]);
      expect(statements.map(statementName)).toEqual([
        'INSERT contacts',
        'SET',
        'INSERT import_changes',
        'UPDATE contacts',
        'INSERT import_changes',
      ]);
    });
  });

  describe('in the engine', () => {
    const run = async (input: ReturnType<typeof csv>, overrides: Partial<RunOptions> = {}) => {
      const writer = new FakeWriter();
      const result = await engineOver(database(), writer).run(
        input,
        runOptions({ dataType: 'contacts', ...overrides }),
      );
      return { result, commits: writer.commits };
    };
    let clock: jest.SpyInstance<number, []>;
    beforeEach(() => (clock = jest.spyOn(Date, 'now').mockReturnValue(1_000_000)));
    afterEach(() => clock.mockRestore());

    it('commits each batch in its own transaction, with its cursor', async () => {
      const { result, commits } = await run(
        csv(NAMES, ['', 'Al', 'Bo', ''], ['', 'Cy', 'Do', ''], ['10', 'Augusta', 'Lovelace', 'ada@example.org']),
        { batchSize: 2 },
      );
      expect(commits.map((statements) => progressOf(statements.at(-1)!).lastLine)).toEqual([3, 4]);
      expect(
        commits.map((statements) => statements.filter((s) => statementName(s) === 'INSERT contacts').length),
      ).toEqual([1, 0]);
      expect(result.counts).toMatchObject({ rows: 3, changes: 3, applied: 3 });
    });

    it('remembers the e-mails of committed lines when resuming', async () => {
      const { commits } = await run(
        csv(NAMES, ['', 'Al', 'Bo', 'al@example.org'], ['', 'Cy', 'Do', 'AL@example.org']),
        { resumeAfter: 2 },
      );
      const issues = rowsOf(commits, 'INSERT import_issues');
      expect(issues.map((issue) => [issue[1], issue[5], issue[6]])).toEqual([
        [3, 'DUPLICATE_EMAIL_IN_FILE', 'warning'],
      ]);
    });

    it('validates without asking the database how it numbers new rows, and writes nothing', async () => {
      const writer = new FakeWriter();
      const asked = jest.spyOn(writer, 'multiRowInsertIdsConsecutive');
      await engineOver(database(), writer).run(
        csv(NAMES, ['', 'Al', 'Bo', '']),
        runOptions({ dataType: 'contacts', write: false }),
      );
      expect(asked).not.toHaveBeenCalled();
      expect(writer.commits.flat().map(statementName)).toEqual(['UPDATE imports']);
    });
  });
});
