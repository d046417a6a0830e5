import { PassThrough, Readable } from 'node:stream';
import { createXlsxTemplateWriter } from '@app/csv-schema';
import type { Statement } from '@app/database';
import { HeaderError } from './import-engine';
import { emptyCounts } from './row-check';
import type { RunOptions } from './row-kind';
import {
  csv,
  engineOver,
  FakeDatabase,
  FakeWriter,
  IMPORT_ID,
  progressOf,
  rowsOf,
  runOptions,
  statementName,
} from './spec-helpers';
import { ImportFileError } from './upload-file';

const CRITERIA_HEADER = [
  'contact_id',
  'last_name',
  'first_name',
  'email',
  '[old] LEVEL',
  '[new] LEVEL',
  '[old] MUSIC',
  '[new] MUSIC',
];
/** A criteria template row: contact, then LEVEL old/new, MUSIC old/new. */
const row = (id: string, levelOld: string, levelNew: string, musicOld: string, musicNew: string) => [
  id,
  'Lovelace',
  'Ada',
  '',
  levelOld,
  levelNew,
  musicOld,
  musicNew,
];

/** Contacts 10 (LEVEL GOLD, MUSIC JAZZ), 11 (no values), 12 (MUSIC ROCK), 13 (no values). */
const database = () =>
  new FakeDatabase().contact(10).values(10, [200, 100]).contact(11).contact(12).values(12, [102]).contact(13);

/**
 * Line 2 changes LEVEL, line 3 sets MUSIC, line 4 holds a stale [old] MUSIC, line 5 names no contact of the
 * institution, line 6 repeats contact 10.
 */
const MIXED = [
  CRITERIA_HEADER,
  row('10', 'GOLD', 'SILVER', 'JAZZ', 'JAZZ'),
  row('11', '', '', '', 'POP|JAZZ'),
  row('12', '', '', 'POP', 'JAZZ'),
  row('99', '', '', '', 'ROCK'),
  row('10', 'GOLD', 'GOLD', 'JAZZ', 'JAZZ'),
];

/** Issue rows of import_issues as [line, code, severity]. */
const issuesOf = (commits: Statement[][]) =>
  rowsOf(commits, 'INSERT import_issues').map((issue) => [issue[1], issue[5], issue[6]]);

async function run(input: Readable, overrides: Partial<RunOptions> = {}, db = database()) {
  const writer = new FakeWriter();
  const result = await engineOver(db, writer).run(input, runOptions(overrides));
  return { result, commits: writer.commits, db };
}

describe('ImportEngine.run', () => {
  let clock: jest.SpyInstance<number, []>;
  /** The engine commits and polls for cancellation by the clock: the specs hold it still unless they move it. */
  beforeEach(() => {
    clock = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
  });
  afterEach(() => clock.mockRestore());
  /** A clock one second further at each reading: every batch flushes and polls cancellation. */
  const tickEverySecond = () => {
    let now = 1_000_000;
    clock.mockImplementation(() => (now += 1000));
  };

  describe('criteria, apply', () => {
    it('counts rows, changes, conflicts and errors', async () => {
      const { result } = await run(csv(...MIXED));
      expect(result).toEqual({
        cancelled: false,
        lastLine: 6,
        counts: {
          rows: 5,
          validRows: 3,
          errorRows: 2,
          changes: 3,
          unchanged: 3,
          conflicts: 1,
          applied: 2,
          warnings: 0,
        },
      });
    });

    it('commits values, change log, report lines and progress with the cursor in one transaction', async () => {
      const { commits } = await run(csv(...MIXED));
      expect(commits).toHaveLength(1);
      const [statements] = commits;
      expect(statements.map(statementName)).toEqual([
        'DELETE contact_criterion_values',
        'DELETE contact_criterion_values',
        'INSERT contact_criterion_values',
        'INSERT import_changes',
        'INSERT import_issues',
        'UPDATE imports',
      ]);
      expect(statements[0].params).toEqual([2, [10]]);
      expect(statements[1].params).toEqual([1, [11]]);
      expect(rowsOf(commits, 'INSERT contact_criterion_values')).toEqual([
        [10, 2, 201],
        [11, 1, 100],
        [11, 1, 101],
      ]);
      expect(rowsOf(commits, 'INSERT import_changes')).toEqual([
        [IMPORT_ID, 10, 'criterion', 'LEVEL', 'GOLD', 'SILVER', 2],
        [IMPORT_ID, 11, 'criterion', 'MUSIC', '', 'JAZZ|POP', 3],
      ]);
      expect(issuesOf(commits)).toEqual([
        [4, 'STALE_VALUE', 'conflict'],
        [5, 'UNKNOWN_CONTACT', 'error'],
        [6, 'DUPLICATE_CONTACT', 'error'],
      ]);
      expect(progressOf(statements[5])).toEqual({
        importId: IMPORT_ID,
        lastLine: 6,
        total: undefined,
        counts: {
          rows: 5,
          validRows: 3,
          errorRows: 2,
          changes: 3,
          unchanged: 3,
          conflicts: 1,
          applied: 2,
          warnings: 0,
        },
      });
    });

    it('overwrites a stale value with onConflict=overwrite, reporting it as a warning', async () => {
      const { result, commits } = await run(csv(CRITERIA_HEADER, row('12', '', '', 'POP', 'JAZZ')), {
        onConflict: 'overwrite',
      });
      expect(result.counts).toMatchObject({ changes: 1, conflicts: 1, applied: 1, warnings: 1 });
      expect(issuesOf(commits)).toEqual([[2, 'STALE_VALUE', 'warning']]);
      expect(rowsOf(commits, 'INSERT import_changes')).toEqual([
        [IMPORT_ID, 12, 'criterion', 'MUSIC', 'ROCK', 'JAZZ', 2],
      ]);
    });

    it('writes the total counted beside the run with the progress', async () => {
      const { commits } = await run(csv(...MIXED), { total: () => 5 });
      expect(progressOf(commits[0].at(-1)!).total).toBe(5);
    });

    it('skips blank lines without counting them', async () => {
      const { result } = await run(Readable.from(['contact_id,[new] LEVEL\r\n\r\n10,SILVER\r\n\r\n']));
      expect(result.counts).toMatchObject({ rows: 1, validRows: 1, changes: 1 });
      expect(result.lastLine).toBe(3);
    });
  });

  describe('criteria, validate', () => {
    it('commits only the report lines and the counts, with no cursor when not checkpointed', async () => {
      const { result, commits } = await run(csv(...MIXED), { write: false, checkpoint: false });
      expect(result.counts).toMatchObject({ rows: 5, changes: 3, applied: 0 });
      expect(commits.flat().map(statementName)).toEqual(['INSERT import_issues', 'UPDATE imports']);
      expect(progressOf(commits[0][1]).lastLine).toBeUndefined();
    });

    it('commits the zero counts of a file holding only its header', async () => {
      const { result, commits } = await run(csv(CRITERIA_HEADER), { write: false });
      expect(result).toEqual({ cancelled: false, lastLine: 0, counts: emptyCounts() });
      expect(commits.map((statements) => statements.map(statementName))).toEqual([['UPDATE imports']]);
    });

    it('commits nothing when applying a file holding only its header', async () => {
      const { commits } = await run(csv(CRITERIA_HEADER), { write: true });
      expect(commits).toEqual([]);
    });
  });

  describe('authorizations', () => {
    const db = () =>
      new FakeDatabase().contact(20).answers(20, { 5: true, 6: false }).contact(21).answers(21, { 5: false });

    it('upserts answers, deletes emptied ones, and reads a bare code as its [new] column', async () => {
      const { result, commits } = await run(
        csv(
          ['contact_id', '[old] NEWSLETTER', '[new] NEWSLETTER', 'PHOTO'],
          ['20', 'TRUE', '', 'false'],
          ['21', 'FALSE', 't', ''],
          ['21', 'FALSE', 'maybe', ''],
        ),
        { dataType: 'authorizations' },
        db(),
      );
      expect(result.counts).toMatchObject({
        rows: 3,
        validRows: 2,
        errorRows: 1,
        changes: 2,
        unchanged: 2,
        applied: 2,
      });
      const statements = commits.flat();
      expect(statements.map(statementName)).toEqual([
        'DELETE contact_authorizations',
        'INSERT contact_authorizations',
        'INSERT import_changes',
        'INSERT import_issues',
        'UPDATE imports',
      ]);
      expect(statements[0].params).toEqual([5, [20]]);
      expect(rowsOf(commits, 'INSERT contact_authorizations')).toEqual([[21, 5, 1]]);
      expect(rowsOf(commits, 'INSERT import_changes')).toEqual([
        [IMPORT_ID, 20, 'authorization', 'NEWSLETTER', 'TRUE', '', 2],
        [IMPORT_ID, 21, 'authorization', 'NEWSLETTER', 'FALSE', 'TRUE', 3],
      ]);
      expect(issuesOf(commits)).toEqual([
        [4, 'DUPLICATE_CONTACT', 'error'],
        [4, 'INVALID_BOOLEAN', 'error'],
      ]);
    });
  });

  describe('batches', () => {
    /** Lines 2 to 5 change LEVEL of contacts 10 to 13; line 6 names an unknown contact. */
    const FIVE = [
      ['contact_id', '[new] LEVEL', '[new] MUSIC'],
      ['10', 'SILVER', 'JAZZ'],
      ['11', 'GOLD', ''],
      ['12', 'GOLD', 'ROCK'],
      ['13', 'SILVER', ''],
      ['99', 'GOLD', ''],
    ];

    it('groups the batches of about a second in one transaction (criteria)', async () => {
      const { commits } = await run(csv(...FIVE), { batchSize: 2 });
      expect(commits).toHaveLength(1);
      expect(progressOf(commits[0].at(-1)!).lastLine).toBe(6);
    });

    it('commits each batch once a second has passed, each with its own cursor and the counts so far', async () => {
      tickEverySecond();
      const { result, commits } = await run(csv(...FIVE), { batchSize: 2 });
      const progress = commits.map((statements) => progressOf(statements.at(-1)!));
      expect(progress.map((p) => [p.lastLine, p.counts.rows, p.counts.applied])).toEqual([
        [3, 2, 2],
        [5, 4, 4],
        [6, 5, 4],
      ]);
      expect(
        commits.map((statements) => rowsOf([statements], 'INSERT import_changes').map((change) => change[6])),
      ).toEqual([[2, 3], [4, 5], []]);
      expect(issuesOf(commits.slice(2))).toEqual([[6, 'UNKNOWN_CONTACT', 'error']]);
      expect(result.counts).toMatchObject({ rows: 5, errorRows: 1, applied: 4 });
    });

    it('gives the same counts and writes whatever the batch size', async () => {
      const whole = await run(csv(...FIVE), { batchSize: 2000 });
      for (const batchSize of [1, 2, 3]) {
        const batched = await run(csv(...FIVE), { batchSize });
        expect(batched.result).toEqual(whole.result);
        expect(rowsOf(batched.commits, 'INSERT import_changes')).toEqual(
          rowsOf(whole.commits, 'INSERT import_changes'),
        );
      }
    });
  });

  describe('resume', () => {
    it('starts after the committed lines, from their counts, and still sees their contacts as duplicates', async () => {
      const committed = { ...emptyCounts(), rows: 2, validRows: 2, changes: 1, applied: 1, unchanged: 3 };
      const { result, commits } = await run(
        csv(
          CRITERIA_HEADER,
          row('10', '', 'SILVER', '', 'JAZZ'),
          row('11', '', 'GOLD', '', ''),
          row('10', '', 'GOLD', '', ''),
          row('13', '', 'GOLD', '', ''),
        ),
        { resumeAfter: 3, counts: committed },
      );
      expect(issuesOf(commits)).toEqual([[4, 'DUPLICATE_CONTACT', 'error']]);
      expect(rowsOf(commits, 'INSERT import_changes')).toEqual([[IMPORT_ID, 13, 'criterion', 'LEVEL', '', 'GOLD', 5]]);
      expect(result).toEqual({
        cancelled: false,
        lastLine: 5,
        counts: { ...committed, rows: 4, validRows: 3, errorRows: 1, changes: 2, applied: 2, unchanged: 4 },
      });
      expect(progressOf(commits[0].at(-1)!).lastLine).toBe(5);
    });

    it('leaves the caller counts alone', async () => {
      const counts = emptyCounts();
      await run(csv(...MIXED), { counts });
      expect(counts).toEqual(emptyCounts());
    });
  });

  describe('cancellation', () => {
    it('stops after the batch it was cancelled in, committing what was read', async () => {
      tickEverySecond();
      let asked = 0;
      const { result, commits } = await run(csv(...MIXED), {
        batchSize: 1,
        isCancelled: () => Promise.resolve(++asked >= 2),
      });
      expect(asked).toBe(2);
      expect(result).toMatchObject({ cancelled: true, lastLine: 3, counts: { rows: 2, applied: 2 } });
      expect(commits.map((statements) => progressOf(statements.at(-1)!).lastLine)).toEqual([2, 3]);
    });

    it('is not asked while the clock stands still', async () => {
      const isCancelled = jest.fn(() => Promise.resolve(true));
      const { result } = await run(csv(...MIXED), { batchSize: 1, isCancelled });
      expect(isCancelled).not.toHaveBeenCalled();
      expect(result.cancelled).toBe(false);
    });
  });

  describe('file and header errors', () => {
    const headerError = async (header: string[], dataType: RunOptions['dataType'] = 'criteria') => {
      const writer = new FakeWriter();
      const error = await engineOver(database(), writer)
        .run(csv(header, ['10', 'x']), runOptions({ dataType }))
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(HeaderError);
      expect(writer.commits).toEqual([]);
      return (error as HeaderError).issues.map((issue) => [issue.line, issue.code, issue.column]);
    };

    it.each([
      [['[new] LEVEL', 'last_name'], [[1, 'MISSING_CONTACT_ID', 'contact_id']]],
      [['contact_id', '[new] LEVEL', '[new] NOPE'], [[1, 'UNKNOWN_CODE', '[new] NOPE']]],
      [['contact_id', '[new] NEWSLETTER'], [[1, 'UNKNOWN_CODE', '[new] NEWSLETTER']]],
      [['contact_id', 'last_name'], [[1, 'NO_FIELD_COLUMNS', '']]],
      [['contact_id', '[old] LEVEL'], [[1, 'OLD_WITHOUT_NEW', '[old] LEVEL']]],
      [['contact_id', '[new] LEVEL', '[NEW]LEVEL'], [[1, 'DUPLICATE_COLUMN', '[NEW]LEVEL']]],
    ])('refuses the criteria header %j', async (header, issues) => {
      expect(await headerError(header)).toEqual(issues);
    });

    it('refuses a criterion column in an authorizations file', async () => {
      expect(await headerError(['contact_id', '[new] LEVEL'], 'authorizations')).toEqual([
        [1, 'UNKNOWN_CODE', '[new] LEVEL'],
      ]);
    });

    it('fails an empty file with EMPTY_FILE', async () => {
      const error = await run(Readable.from([Buffer.alloc(0)])).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImportFileError);
      expect(error).toMatchObject({ code: 'EMPTY_FILE' });
    });

    it('fails a line longer than maxLineBytes with LINE_TOO_LONG and its line', async () => {
      const long = 'x'.repeat(500);
      const error = await run(csv(['contact_id', '[new] LEVEL'], ['10', 'GOLD'], ['11', long]), {
        maxLineBytes: 200,
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImportFileError);
      expect(error).toMatchObject({ code: 'LINE_TOO_LONG', line: 3 });
    });
  });

  describe('xlsx', () => {
    async function workbook(rows: string[][]): Promise<Readable> {
      const output = new PassThrough();
      const chunks: Buffer[] = [];
      output.on('data', (chunk: Buffer) => chunks.push(chunk));
      const writer = createXlsxTemplateWriter(output, { header: rows[0], booleanColumns: [] });
      for (const cells of rows.slice(1)) await writer.addRow(cells);
      await writer.finish();
      return Readable.from([Buffer.concat(chunks)]);
    }

    it('reads a workbook as it reads the same rows in CSV', async () => {
      const fromCsv = await run(csv(...MIXED));
      const fromXlsx = await run(await workbook(MIXED), { format: 'xlsx' });
      expect(fromXlsx.result).toEqual(fromCsv.result);
      expect(fromXlsx.commits).toEqual(fromCsv.commits);
    });
  });
});
