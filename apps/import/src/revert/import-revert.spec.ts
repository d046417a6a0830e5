import type { DataSource } from 'typeorm';
import { AppConfig } from '@app/common';
import type { Import, PendingChange, Statement } from '@app/database';
import { CREATED_CONTACT, ImportsRepository } from '@app/database';
import { FakeDatabase, FakeWriter, IMPORT_ID, INSTITUTION, rowsOf, statementName } from '../engine/spec-helpers';
import { ImportRevert } from './import-revert.service';

/** The import's change log in memory; contacts in `others` were changed by another import too. */
class LoggedImports extends ImportsRepository {
  constructor(
    private readonly changes: PendingChange[],
    private readonly others: number[] = [],
  ) {
    super({} as DataSource);
  }

  pendingChanges(_id: number, afterChangeId: number, limit: number): Promise<PendingChange[]> {
    return Promise.resolve(this.changes.filter((change) => change.id > afterChangeId).slice(0, limit));
  }

  touchedByOtherImports(_id: number, contactIds: number[]): Promise<Set<number>> {
    return Promise.resolve(new Set(contactIds.filter((id) => this.others.includes(id))));
  }
}

let nextId = 1;
/** A logged change: [contact, field type, field code, old value, new value], line = 100 + id. */
const change = (contactId: number, fieldType: string, fieldCode: string, oldValue: string, newValue: string) => {
  const id = nextId++;
  return { id, contactId, fieldType, fieldCode, oldValue, newValue, line: 100 + id };
};
beforeEach(() => (nextId = 1));

async function revert(db: FakeDatabase, changes: PendingChange[], { others = [] as number[], batchSize = 2000 } = {}) {
  const writer = new FakeWriter();
  const config = Object.assign(new AppConfig(), { IMPORT_BATCH_SIZE: batchSize });
  const service = new ImportRevert(
    config,
    db.codesRepository(),
    db.repository(),
    db.contactsRepository(),
    new LoggedImports(changes, others),
    writer.asWriter(),
  );
  await service.run({ id: IMPORT_ID, institutionId: INSTITUTION } as Import);
  return writer.commits;
}

/** Report lines as [line, code, severity, column, value]. */
const issuesOf = (commits: Statement[][]) =>
  rowsOf(commits, 'INSERT import_issues').map((issue) => [issue[1], issue[5], issue[6], issue[3], issue[4]]);
const revertedIds = (commits: Statement[][]) =>
  commits.map((statements) =>
    statements.filter((s) => statementName(s) === 'UPDATE import_changes').flatMap((s) => s.params[0] as number[]),
  );

describe('ImportRevert', () => {
  describe('criteria and authorizations', () => {
    it('restores the old values that still hold what the import wrote, and reports the others', async () => {
      // After the import: 10 has LEVEL SILVER (was GOLD), 11 has MUSIC JAZZ|POP (was empty), 12 was changed since to
      // ROCK.
      const db = new FakeDatabase()
        .contact(10)
        .values(10, [201])
        .contact(11)
        .values(11, [100, 101])
        .contact(12)
        .values(12, [102]);
      const commits = await revert(db, [
        change(10, 'criterion', 'LEVEL', 'GOLD', 'SILVER'),
        change(11, 'criterion', 'MUSIC', '', 'JAZZ|POP'),
        change(12, 'criterion', 'MUSIC', 'POP', 'JAZZ'),
      ]);
      expect(commits).toHaveLength(1);
      expect(commits[0].map(statementName)).toEqual([
        'DELETE contact_criterion_values',
        'DELETE contact_criterion_values',
        'INSERT contact_criterion_values',
        'UPDATE import_changes',
        'INSERT import_issues',
      ]);
      expect(commits[0][0].params).toEqual([2, [10]]);
      expect(commits[0][1].params).toEqual([1, [11]]);
      expect(rowsOf(commits, 'INSERT contact_criterion_values')).toEqual([[10, 2, 200]]);
      expect(revertedIds(commits)).toEqual([[1, 2, 3]]);
      expect(issuesOf(commits)).toEqual([[103, 'CHANGED_SINCE_IMPORT', 'conflict', 'MUSIC', 'ROCK']]);
    });

    it('puts answers back: upserted, or deleted when there was none', async () => {
      const db = new FakeDatabase().contact(20).answers(20, { 5: false, 6: true });
      const commits = await revert(db, [
        change(20, 'authorization', 'NEWSLETTER', 'TRUE', 'FALSE'),
        change(20, 'authorization', 'PHOTO', '', 'TRUE'),
      ]);
      expect(commits[0].map(statementName)).toEqual([
        'DELETE contact_authorizations',
        'INSERT contact_authorizations',
        'UPDATE import_changes',
      ]);
      expect(commits[0][0].params).toEqual([6, [20]]);
      expect(rowsOf(commits, 'INSERT contact_authorizations')).toEqual([[20, 5, 1]]);
    });

    it.each([
      ['a deleted contact', new FakeDatabase(), 'LEVEL', 'GOLD', null],
      ['a value code deleted since', new FakeDatabase().contact(10).values(10, [201]), 'LEVEL', 'BRONZE', 'SILVER'],
      ['a criterion deleted since', new FakeDatabase().contact(10).values(10, [201]), 'GONE', 'GOLD', null],
    ])('reports %s as changed since the import', async (_case, db, code, oldValue, now) => {
      const commits = await revert(db, [change(10, 'criterion', code, oldValue, 'SILVER')]);
      expect(commits[0].map(statementName)).toEqual(['UPDATE import_changes', 'INSERT import_issues']);
      expect(issuesOf(commits)).toEqual([[101, 'CHANGED_SINCE_IMPORT', 'conflict', code, now]]);
    });

    it('works batch by batch, each batch marking its own changes reverted', async () => {
      const db = new FakeDatabase()
        .contact(10)
        .values(10, [201])
        .contact(11)
        .values(11, [200])
        .contact(12)
        .values(12, [201]);
      const commits = await revert(
        db,
        [
          change(10, 'criterion', 'LEVEL', 'GOLD', 'SILVER'),
          change(11, 'criterion', 'LEVEL', '', 'GOLD'),
          change(12, 'criterion', 'LEVEL', '', 'SILVER'),
        ],
        { batchSize: 2 },
      );
      expect(revertedIds(commits)).toEqual([[1, 2], [3]]);
      expect(commits[1][0]).toEqual({
        sql: 'DELETE FROM contact_criterion_values WHERE criterion_id = ? AND contact_id IN (?)',
        params: [2, [12]],
      });
    });

    it('commits nothing when nothing is left to revert', async () => {
      expect(await revert(new FakeDatabase(), [])).toEqual([]);
    });
  });

  describe('contacts', () => {
    const created = (fields: Record<string, string>) =>
      JSON.stringify({ first_name: 'Al', last_name: 'Bo', email: '', birth_date: '', language: '', ...fields });

    it('deletes a contact it created, with its values, when nobody changed it since', async () => {
      const db = new FakeDatabase().contact(30, { first_name: 'Al', last_name: 'Bo' });
      const commits = await revert(db, [change(30, 'contact', CREATED_CONTACT, '', created({}))]);
      expect(commits[0]).toEqual([
        { sql: 'DELETE FROM contact_criterion_values WHERE contact_id IN (?)', params: [[30]] },
        { sql: 'DELETE FROM contact_authorizations WHERE contact_id IN (?)', params: [[30]] },
        { sql: 'DELETE FROM contacts WHERE institution_id = ? AND id IN (?)', params: [INSTITUTION, [30]] },
        { sql: 'UPDATE import_changes SET reverted = 1 WHERE id IN (?)', params: [[1]] },
      ]);
    });

    it.each([
      ['changed since', new FakeDatabase().contact(30, { first_name: 'Alan', last_name: 'Bo' }), []],
      ['changed by another import', new FakeDatabase().contact(30, { first_name: 'Al', last_name: 'Bo' }), [30]],
    ])('keeps a created contact %s, and says so', async (_case, db, others) => {
      const commits = await revert(db, [change(30, 'contact', CREATED_CONTACT, '', created({}))], { others });
      expect(commits[0].map(statementName)).toEqual(['UPDATE import_changes', 'INSERT import_issues']);
      expect(issuesOf(commits)).toEqual([[101, 'CHANGED_SINCE_IMPORT', 'conflict', 'contact_id', null]]);
    });

    it('has nothing to do for a created contact deleted since', async () => {
      const commits = await revert(new FakeDatabase(), [change(30, 'contact', CREATED_CONTACT, '', created({}))]);
      expect(commits[0].map(statementName)).toEqual(['UPDATE import_changes']);
    });

    it('restores the contact columns that still hold what the import wrote in one UPDATE, empty dates as NULL', async () => {
      const db = new FakeDatabase().contact(31, { first_name: 'Augusta', birth_date: '1990-01-02', language: 'fr' });
      const commits = await revert(db, [
        change(31, 'contact', 'first_name', 'Ada', 'Augusta'),
        change(31, 'contact', 'birth_date', '', '1990-01-02'),
        change(31, 'contact', 'language', 'en', 'de'),
      ]);
      expect(commits[0].filter((s) => statementName(s) === 'UPDATE contacts')).toEqual([
        {
          sql: 'UPDATE contacts SET first_name = ?, birth_date = ? WHERE id = ? AND institution_id = ?',
          params: ['Ada', null, 31, INSTITUTION],
        },
      ]);
      expect(issuesOf(commits)).toEqual([[103, 'CHANGED_SINCE_IMPORT', 'conflict', 'language', 'fr']]);
    });

    it('runs the contact columns, then criteria, then authorizations, then marks the batch reverted', async () => {
      const db = new FakeDatabase().contact(32, { first_name: 'New' }).values(32, [200]).answers(32, { 5: true });
      const commits = await revert(db, [
        change(32, 'authorization', 'NEWSLETTER', '', 'TRUE'),
        change(32, 'criterion', 'LEVEL', '', 'GOLD'),
        change(32, 'contact', 'first_name', 'Old', 'New'),
        change(32, 'phone', 'phone', '', '+41'),
      ]);
      expect(commits[0].map(statementName)).toEqual([
        'UPDATE contacts',
        'DELETE contact_criterion_values',
        'DELETE contact_authorizations',
        'UPDATE import_changes',
        'INSERT import_issues',
      ]);
      expect(issuesOf(commits)).toEqual([[104, 'CHANGED_SINCE_IMPORT', 'conflict', 'phone', null]]);
    });
  });
});
