import { Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@app/common';
import type { NotificationMessage } from '@app/queues';
import { NotificationJobs } from '@app/queues';
import { LocalFileStore, ScratchDir } from '@app/storage';
import type { FileError, Import, ImportStatus } from '@app/database';
import { ImportsRepository } from '@app/database';
import { allOrNothingMessage, ImportRunner } from './import-runner.service';
import { ImportEngine } from './engine/import-engine';
import {
  FakeDatabase,
  FakeWriter,
  IMPORT_ID,
  INSTITUTION,
  progressOf,
  rowsOf,
  statementName,
} from './engine/spec-helpers';
import type { ReportService } from './reports/report.service';
import type { ImportRevert } from './revert/import-revert.service';

/** One import row in memory, moved through its statuses as the real repository would, with a trace of the calls. */
class ImportRow extends ImportsRepository {
  readonly calls: string[] = [];
  constructor(readonly row: Import) {
    super({} as DataSource);
  }
  find(id: number): Promise<Import | null> {
    return Promise.resolve(id === this.row.id ? { ...this.row } : null);
  }
  start(): Promise<boolean> {
    this.calls.push('start');
    const ok = ['queued', 'running'].includes(this.row.status) && !this.row.cancelRequested;
    if (ok) this.row.status = 'running';
    return Promise.resolve(ok);
  }
  reset(): Promise<void> {
    this.calls.push('reset');
    return Promise.resolve();
  }
  finish(_id: number, status: 'validated' | 'completed' | 'cancelled', total?: number): Promise<void> {
    this.calls.push(`finish ${status}${total === undefined ? '' : ` total=${total}`}`);
    this.row.status = status;
    return Promise.resolve();
  }
  fail(_id: number, fileErrors: FileError[], error: string | null): Promise<void> {
    this.calls.push('fail');
    Object.assign(this.row, { status: 'failed', fileErrors, error });
    return Promise.resolve();
  }
  isCancelRequested(): Promise<boolean> {
    return Promise.resolve(this.row.cancelRequested);
  }
  reverted(): Promise<void> {
    this.calls.push('reverted');
    this.row.status = 'reverted';
    return Promise.resolve();
  }
  failStopped(_id: number, error: string): Promise<boolean> {
    this.calls.push('failStopped');
    if (!['queued', 'running'].includes(this.row.status)) return Promise.resolve(false);
    Object.assign(this.row, { status: 'failed', error, fileErrors: this.row.fileErrors ?? [] });
    return Promise.resolve(true);
  }
  revertFailed(_id: number, error: string): Promise<void> {
    this.calls.push('revertFailed');
    Object.assign(this.row, { status: 'completed', error });
    return Promise.resolve();
  }
}

const HEADER = 'contact_id,[old] LEVEL,[new] LEVEL';
/** Contact 10 has LEVEL GOLD; 11 and 12 have none. */
const database = () => new FakeDatabase().contact(10).values(10, [200]).contact(11).contact(12);

interface Setup {
  csv: string;
  row?: Partial<Import>;
  config?: Partial<AppConfig>;
  writer?: FakeWriter;
  revert?: () => Promise<void>;
}

const filesDirs: string[] = [];
afterAll(() => filesDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function setup({ csv, row = {}, config = {}, writer = new FakeWriter(), revert }: Setup) {
  const filesDir = mkdtempSync(join(tmpdir(), 'cmu-runner-spec-'));
  filesDirs.push(filesDir);
  mkdirSync(join(filesDir, 'imports'));
  writeFileSync(join(filesDir, 'imports', 'upload.csv'), csv);
  const imports = new ImportRow({
    id: IMPORT_ID,
    institutionId: INSTITUTION,
    dataType: 'criteria',
    mode: 'validate',
    status: 'queued',
    onConflict: 'skip',
    allOrNothing: false,
    email: 'someone@example.org',
    locale: 'en',
    originalName: 'levels.csv',
    storedName: 'upload.csv',
    lastAppliedLine: 0,
    cancelRequested: false,
    rows: 0,
    validRows: 0,
    errorRows: 0,
    changes: 0,
    unchanged: 0,
    conflicts: 0,
    applied: 0,
    warnings: 0,
    fileErrors: null,
    error: null,
    ...row,
  } as Import);
  const db = database();
  const appConfig = Object.assign(new AppConfig(), config);
  const engine = new ImportEngine(db.repository(), db.contactsRepository(), imports, writer.asWriter());
  const reports = {
    writeFile: () => Promise.resolve({ path: 'reports/import-1.csv', size: 12 }),
    summary: () => Promise.resolve({ firstIssues: [], issueCount: 0 }),
  } as unknown as ReportService;
  const importRevert = { run: jest.fn(revert ?? (() => Promise.resolve())) };
  const notifications = { add: jest.fn(() => Promise.resolve()) };
  const runner = new ImportRunner(
    appConfig,
    imports,
    db.codesRepository(),
    writer.asWriter(),
    engine,
    reports,
    importRevert as unknown as ImportRevert,
    new NotificationJobs(notifications as unknown as Queue<NotificationMessage>),
    new LocalFileStore(filesDir),
    new ScratchDir(filesDir),
  );
  /** The notifications sent, as [type, dedupe key]. */
  const sent = () =>
    notifications.add.mock.calls.map((call: unknown[]) => {
      const message = call[1] as { type: string; dedupeKey: string };
      return [message.type, message.dedupeKey];
    });
  return { runner, imports, writer, importRevert, sent };
}

describe('ImportRunner', () => {
  // The runner logs the unexpected errors these specs provoke.
  beforeAll(() => Logger.overrideLogger(false));
  let clock: jest.SpyInstance<number, []>;
  beforeEach(() => (clock = jest.spyOn(Date, 'now').mockReturnValue(1_000_000)));
  afterEach(() => clock.mockRestore());

  const LINES = [HEADER, '10,GOLD,SILVER', '11,,GOLD', '99,,GOLD'].join('\n');
  const CLEAN = [HEADER, '10,GOLD,SILVER', '11,,GOLD'].join('\n');

  describe('process', () => {
    it('validates: starts over, checks every row without writing values, finishes validated and sends the mail', async () => {
      const { runner, imports, writer, sent } = setup({ csv: LINES });
      await runner.process(IMPORT_ID, { finalAttempt: false });
      expect(imports.calls).toEqual(['start', 'reset', 'finish validated total=3']);
      expect(writer.commits.flat().map(statementName)).toEqual(['INSERT import_issues', 'UPDATE imports']);
      expect(progressOf(writer.commits[0][1])).toMatchObject({
        lastLine: 4,
        counts: { rows: 3, errorRows: 1, applied: 0 },
      });
      expect(sent()).toEqual([['import.completed', `import:${IMPORT_ID}:validate:validated`]]);
    });

    it('applies: writes the values and the change log, finishes completed', async () => {
      const { runner, imports, writer, sent } = setup({ csv: LINES, row: { mode: 'apply' } });
      await runner.process(IMPORT_ID, { finalAttempt: false });
      expect(imports.calls).toEqual(['start', 'reset', 'finish completed total=3']);
      expect(rowsOf(writer.commits, 'INSERT import_changes').map((change) => change.slice(1, 7))).toEqual([
        [10, 'criterion', 'LEVEL', 'GOLD', 'SILVER', 2],
        [11, 'criterion', 'LEVEL', '', 'GOLD', 3],
      ]);
      expect(sent()).toEqual([['import.completed', `import:${IMPORT_ID}:apply:completed`]]);
    });

    it('sends no mail when the import has no address', async () => {
      const { runner, sent } = setup({ csv: LINES, row: { email: null } });
      await runner.process(IMPORT_ID, { finalAttempt: false });
      expect(sent()).toEqual([]);
    });

    it('with allOrNothing, refuses the whole file when a row has an error, writing no value', async () => {
      const { runner, imports, writer, sent } = setup({ csv: LINES, row: { mode: 'apply', allOrNothing: true } });
      await runner.process(IMPORT_ID, { finalAttempt: false });
      expect(imports.calls).toEqual(['start', 'reset', 'fail']);
      expect(imports.row.fileErrors).toEqual([{ code: 'ALL_OR_NOTHING_REJECTED', message: allOrNothingMessage(1) }]);
      expect(writer.commits.flat().map(statementName)).toEqual(['INSERT import_issues', 'UPDATE imports']);
      expect(sent()).toEqual([['import.failed', `import:${IMPORT_ID}:apply:failed`]]);
    });

    it('with allOrNothing, checks first then applies a clean file from a fresh report', async () => {
      const { runner, imports, writer } = setup({ csv: CLEAN, row: { mode: 'apply', allOrNothing: true } });
      await runner.process(IMPORT_ID, { finalAttempt: false });
      expect(imports.calls).toEqual(['start', 'reset', 'reset', 'finish completed total=2']);
      expect(writer.commits.map((statements) => progressOf(statements.at(-1)!).counts.applied)).toEqual([0, 2]);
    });

    it('resumes after the committed lines with their counts, without starting over', async () => {
      const committed = { rows: 1, validRows: 1, changes: 1, applied: 1, warnings: 0 };
      const { runner, imports, writer } = setup({
        csv: LINES,
        row: { mode: 'apply', status: 'running', lastAppliedLine: 2, ...committed },
      });
      await runner.process(IMPORT_ID, { finalAttempt: false });
      expect(imports.calls).toEqual(['start', 'finish completed total=3']);
      expect(rowsOf(writer.commits, 'INSERT import_changes').map((change) => change[6])).toEqual([3]);
      expect(progressOf(writer.commits.at(-1)!.at(-1)!).counts).toMatchObject({ rows: 3, applied: 2, errorRows: 1 });
    });

    it('fails on a bad header, with a file error per header problem and their report lines', async () => {
      const { runner, imports, writer, sent } = setup({ csv: 'contact_id,[new] NOPE\n10,x' });
      await runner.process(IMPORT_ID, { finalAttempt: false });
      expect(imports.calls).toEqual(['start', 'reset', 'fail']);
      expect(imports.row.fileErrors).toEqual([
        {
          code: 'UNKNOWN_CODE',
          message: expect.stringMatching(/^Column "\[new\] NOPE": .*"NOPE" is not a known code/),
        },
      ]);
      expect(rowsOf(writer.runs, 'INSERT import_issues').map((issue) => [issue[1], issue[5]])).toEqual([
        [1, 'UNKNOWN_CODE'],
      ]);
      expect(sent()).toEqual([['import.failed', `import:${IMPORT_ID}:validate:failed`]]);
    });

    it('fails an empty file with EMPTY_FILE', async () => {
      const { runner, imports } = setup({ csv: '' });
      await runner.process(IMPORT_ID, { finalAttempt: false });
      expect(imports.row).toMatchObject({ status: 'failed', fileErrors: [{ code: 'EMPTY_FILE' }] });
    });

    it('finishes cancelled an import cancelled before it started', async () => {
      const { runner, imports, sent } = setup({ csv: LINES, row: { cancelRequested: true } });
      await runner.process(IMPORT_ID, { finalAttempt: false });
      expect(imports.calls).toEqual(['start', 'finish cancelled']);
      expect(sent()).toEqual([]);
    });

    it('finishes cancelled an import cancelled while it runs', async () => {
      let now = 1_000_000;
      clock.mockImplementation(() => (now += 1000));
      const { runner, imports } = setup({ csv: LINES, row: { mode: 'apply' }, config: { IMPORT_BATCH_SIZE: 1 } });
      const isCancelRequested = jest.spyOn(imports, 'isCancelRequested').mockResolvedValue(true);
      await runner.process(IMPORT_ID, { finalAttempt: false });
      expect(isCancelRequested).toHaveBeenCalled();
      expect(imports.calls).toEqual(['start', 'reset', 'finish cancelled']);
    });

    it.each(['validated', 'completed', 'failed', 'cancelled', 'reverted'] as ImportStatus[])(
      'leaves a %s import alone',
      async (status) => {
        const { runner, imports } = setup({ csv: LINES, row: { status } });
        await runner.process(IMPORT_ID, { finalAttempt: false });
        await runner.process(IMPORT_ID + 1, { finalAttempt: false });
        expect(imports.calls).toEqual([]);
      },
    );

    it('lets Bull retry an unexpected error, and fails the import on the last attempt', async () => {
      const writer = new FakeWriter();
      jest.spyOn(writer, 'commit').mockRejectedValue(new Error('connection lost'));
      const first = setup({ csv: LINES, writer });
      await expect(first.runner.process(IMPORT_ID, { finalAttempt: false })).rejects.toThrow('connection lost');
      expect(first.imports.calls).toEqual(['start', 'reset']);

      const last = setup({ csv: LINES, writer });
      await last.runner.process(IMPORT_ID, { finalAttempt: true });
      expect(last.imports.row).toMatchObject({ status: 'failed', fileErrors: [] });
      expect(last.imports.row.error).toMatch(/unexpected error/);
    });
  });

  describe('failing', () => {
    const wide = `${HEADER}${','.repeat(150)}\n10,GOLD,SILVER`;

    it('says in the error how many file errors the row leaves out', async () => {
      const { runner, imports } = setup({ csv: wide });
      const fail = jest.spyOn(imports, 'fail');
      await runner.process(IMPORT_ID, { finalAttempt: false });
      expect(fail.mock.calls[0][1]).toHaveLength(150);
      expect(imports.row.error).toMatch(/\(and 50 more file errors: see the report\)$/);
    });

    it('on the last attempt, an error while failing the import still leaves it failed, and mailed', async () => {
      const { runner, imports, sent } = setup({ csv: wide });
      jest.spyOn(imports, 'fail').mockRejectedValue(new Error('Data too long for column'));
      await runner.process(IMPORT_ID, { finalAttempt: true });
      expect(imports.calls).toEqual(['start', 'reset', 'failStopped']);
      expect(imports.row).toMatchObject({ status: 'failed', error: expect.stringMatching(/unexpected error/) });
      expect(sent()).toEqual([['import.failed', `import:${IMPORT_ID}:validate:failed`]]);
    });

    it('before the last attempt, an error while failing the import lets Bull retry', async () => {
      const { runner, imports } = setup({ csv: wide });
      jest.spyOn(imports, 'fail').mockRejectedValue(new Error('Data too long for column'));
      await expect(runner.process(IMPORT_ID, { finalAttempt: false })).rejects.toThrow('Data too long');
      expect(imports.row.status).toBe('running');
    });

    it('stopped: fails an open import and mails it, leaves a finished one alone', async () => {
      const open = setup({ csv: LINES, row: { status: 'running' } });
      await open.runner.stopped(IMPORT_ID);
      expect(open.imports.row).toMatchObject({ status: 'failed', error: expect.stringMatching(/unexpected error/) });
      expect(open.sent()).toHaveLength(1);
      const done = setup({ csv: LINES, row: { status: 'completed' } });
      await done.runner.stopped(IMPORT_ID);
      expect(done.imports.row.status).toBe('completed');
      expect(done.sent()).toEqual([]);
    });

    it('progress: the resume cursor and rows of a run, what the crash guard compares', async () => {
      const { runner } = setup({ csv: LINES, row: { status: 'running', lastAppliedLine: 41, processed: 40 } });
      await expect(runner.progress(IMPORT_ID)).resolves.toEqual({ line: 41, processed: 40 });
    });

    it('crashLooped: fails the import with where it stopped its worker, mails it, and answers the reason', async () => {
      const { runner, imports, sent } = setup({ csv: LINES, row: { status: 'running' } });
      const reason = await runner.crashLooped(IMPORT_ID, { line: 41, processed: 40 });
      expect(reason).toMatch(
        /^The import stopped its worker twice at the same point \(after line 41 of the file\); it was not retried/,
      );
      expect(imports.row).toMatchObject({ status: 'failed', error: reason });
      expect(sent()).toEqual([['import.failed', `import:${IMPORT_ID}:validate:failed`]]);
    });
  });

  describe('revert', () => {
    it('reverts a running import and marks it reverted', async () => {
      const { runner, imports, importRevert } = setup({ csv: LINES, row: { mode: 'apply', status: 'running' } });
      await runner.revert(IMPORT_ID, { finalAttempt: false });
      expect(importRevert.run).toHaveBeenCalledWith(expect.objectContaining({ id: IMPORT_ID }));
      expect(imports.calls).toEqual(['reverted']);
    });

    it('does nothing for an import that is not running', async () => {
      const { runner, imports, importRevert } = setup({ csv: LINES, row: { mode: 'apply', status: 'completed' } });
      await runner.revert(IMPORT_ID, { finalAttempt: false });
      expect(importRevert.run).not.toHaveBeenCalled();
      expect(imports.calls).toEqual([]);
    });

    it('lets Bull retry a failed revert, and gives the import back as completed on the last attempt', async () => {
      const failing = () => Promise.reject(new Error('deadlock'));
      const first = setup({ csv: LINES, row: { mode: 'apply', status: 'running' }, revert: failing });
      await expect(first.runner.revert(IMPORT_ID, { finalAttempt: false })).rejects.toThrow('deadlock');
      expect(first.imports.calls).toEqual([]);

      const last = setup({ csv: LINES, row: { mode: 'apply', status: 'running' }, revert: failing });
      await last.runner.revert(IMPORT_ID, { finalAttempt: true });
      expect(last.imports.calls).toEqual(['revertFailed']);
      expect(last.imports.row).toMatchObject({
        status: 'completed',
        error: expect.stringMatching(/Ask for the revert again/),
      });
    });
  });
});
