import { isDeepStrictEqual } from 'node:util';
import { DataSource } from 'typeorm';
import { emptyContactValues } from '@app/common';
import { templateHeader } from '@app/csv-schema';
import type { RunningApp } from '../utils';
import {
  createInstitution,
  expectStatus,
  importClient,
  isolateTestFile,
  letters,
  seed,
  startApp,
  waitFor,
} from '../utils';
import { TARGETS_APP, TargetsAppModule } from '../../apps/targets/src/targets-app.module';
import { csvBytes, upload } from '../../apps/import/test/import-helpers';
import { CREATED_CONTACT } from '@app/database';
import { ImportWorker } from './worker';

/**
 * Crash-safe resume: the import worker (a child process from the build) is SIGKILLed at random moments
 * of its applies, at least KILLS times, and restarted each time. Imports are uploaded one after the
 * other, each from the state the previous one must have left, until enough kills happened. Then every
 * contact must hold exactly what the files say, every import's counts must be exact, and the change log
 * must hold exactly one row per changed field with the right old and new values.
 * Then the same for contacts files creating contacts (one multi-row INSERT per batch): every line
 * must have created exactly one contact, none lost and none doubled, with exactly one `__created` row.
 */
const KILLS = Number(process.env.CHAOS_KILLS ?? 12);
const CREATE_KILLS = Number(process.env.CHAOS_CREATE_KILLS ?? 6);
const CONTACTS = 20000;
const CONTACTS_CREATED = Number(process.env.CHAOS_CONTACTS_CREATED ?? 20000);
const VALUES = ['A', 'B', 'C', 'D'];
const random = (n: number) => Math.floor(Math.random() * n);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('chaos: SIGKILL the import worker during applies', () => {
  let targets: RunningApp;
  let worker: ImportWorker;
  let db: DataSource;
  let key: string;
  let ids: number[];

  beforeAll(async () => {
    isolateTestFile();
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    db = targets.app.get(DataSource);
    key = (await createInstitution(targets.url)).apiKey;
    ({ contactIds: ids } = await seed(targets.url, key, {
      criteria: [{ code: 'LEVEL', multiValued: false, values: VALUES }],
      contacts: Array.from({ length: CONTACTS }, (_, i) => ({
        firstName: `F${letters(i)}`,
        lastName: `L${letters(i)}`,
        email: `c${i}@example.org`,
        criteria: { LEVEL: ['A'] },
      })),
    }));
    worker = new ImportWorker({
      IMPORT_BATCH_SIZE: '50',
      QUEUE_LOCK_DURATION_MS: '2000',
      QUEUE_STALLED_INTERVAL_MS: '1000',
      QUEUE_MAX_STALLED_COUNT: '1000',
    });
  }, 300000);
  afterAll(async () => {
    await worker?.stop();
    await targets?.close();
  });

  const status = async (id: number) =>
    (await db.query('SELECT status, last_applied_line AS line, processed FROM imports WHERE id = ?', [id]))[0];

  /**
   * SIGKILLs the worker at random moments of an import and restarts it, each kill after the (resumed)
   * apply moved past the previous one, until the import ends on its own or `most` kills; then waits for
   * its end. Answers the resume cursor (last committed line) found after each kill.
   */
  async function killDuring(importId: number, most: number): Promise<number[]> {
    const cursors: number[] = [];
    for (;;) {
      const past = cursors.length ? cursors[cursors.length - 1] : 0;
      const moving = await waitFor(
        async () => {
          const now = await status(importId);
          return now.status !== 'queued' && now.status !== 'running'
            ? 'done'
            : now.line > past || (!cursors.length && now.processed > 0)
              ? 'running'
              : undefined;
        },
        `import ${importId} to move past line ${past}`,
        120000,
        25,
      );
      if (moving === 'done' || cursors.length >= most) break;
      await sleep(random(600));
      if ((await status(importId)).status !== 'running') break;
      await worker.kill();
      cursors.push((await status(importId)).line);
      await worker.start();
    }
    await waitFor(
      async () => {
        const now = await status(importId);
        return now.status === 'queued' || now.status === 'running' ? undefined : now;
      },
      `import ${importId} to finish`,
      120000,
    );
    return cursors;
  }

  it(`applies every file exactly once through ${KILLS}+ kills`, async () => {
    const expected = new Map(ids.map((id) => [id, 'A']));
    const plans: { id: number; changes: Map<number, { old: string; new: string }>; errorRows: number }[] = [];
    const killedAt: number[] = [];

    await worker.start();
    while (killedAt.length < KILLS) {
      if (plans.length >= 40)
        throw new Error(
          `only ${killedAt.length} kills in ${plans.length} imports: the imports end too fast to be killed`,
        );
      // The next file, written from the state the previous imports must have left.
      const rows: string[][] = [];
      const changes = new Map<number, { old: string; new: string }>();
      let errorRows = 0;
      for (const id of ids) {
        const old = expected.get(id)!;
        const roll = random(100);
        const next = roll < 2 ? 'NOPE' : roll < 40 ? old : VALUES[random(VALUES.length)];
        rows.push([String(id), '', '', '', old, next]);
        if (next === 'NOPE') errorRows++;
        else if (next !== old) changes.set(id, { old, new: next });
      }
      const file = await csvBytes(templateHeader('criteria', ['LEVEL']), rows);
      const { id: importId } = expectStatus(
        await upload(worker.url, key, file, { dataType: 'criteria', mode: 'apply' }),
        202,
      );
      plans.push({ id: importId, changes, errorRows });
      for (const [id, change] of changes) expected.set(id, change.new);

      // Kill it at random moments until it ends on its own.
      killedAt.push(...(await killDuring(importId, KILLS - killedAt.length)));
    }

    // Every import completed with exact counts and an exact change log.
    const imports = importClient(worker.url, key);
    for (const plan of plans) {
      const imp = expectStatus(await imports.GET('/imports/{id}', { params: { path: { id: plan.id } } }), 200);
      expect({ id: plan.id, status: imp.status, error: imp.error }).toEqual({
        id: plan.id,
        status: 'completed',
        error: null,
      });
      expect(imp.counts).toMatchObject({
        rows: CONTACTS,
        errorRows: plan.errorRows,
        changes: plan.changes.size,
        applied: plan.changes.size,
      });
      const log: { contact_id: number; old_value: string; new_value: string; n: number }[] = await db.query(
        'SELECT contact_id, old_value, new_value, COUNT(*) OVER (PARTITION BY contact_id, field_code) AS n FROM import_changes WHERE import_id = ?',
        [plan.id],
      );
      expect(log.length).toBe(plan.changes.size);
      expect(log.filter((row) => Number(row.n) !== 1)).toEqual([]);
      for (const row of log)
        expect({ id: Number(row.contact_id), old: row.old_value, new: row.new_value }).toEqual({
          id: Number(row.contact_id),
          ...plan.changes.get(Number(row.contact_id)),
        });
    }
    // Every contact holds what the files say.
    const rows: { contact_id: number; code: string }[] = await db.query(
      `SELECT ccv.contact_id, cv.code FROM contact_criterion_values ccv JOIN criterion_values cv ON cv.id = ccv.value_id WHERE ccv.contact_id IN (?)`,
      [ids],
    );
    const actual = new Map(rows.map((row) => [Number(row.contact_id), row.code]));
    expect(actual.size).toBe(CONTACTS);
    const wrong = ids.filter((id) => actual.get(id) !== expected.get(id));
    expect(wrong).toEqual([]);

    console.log(
      `chaos: ${killedAt.length} SIGKILLs (${killedAt.filter((line) => line > 0).length} after a committed batch, resumed), ${killedAt.length} restarts, ${plans.length} imports of ${CONTACTS} rows, ` +
        `${plans.reduce((n, p) => n + p.changes.size, 0)} changes checked in the change log, ${CONTACTS} contacts checked`,
    );
    expect(killedAt.length).toBeGreaterThanOrEqual(KILLS);
  }, 900000);

  it(`creates every contact of a contacts file exactly once through ${CREATE_KILLS}+ kills`, async () => {
    const files: { id: number; marker: string; levels: string[] }[] = [];
    const killedAt: number[] = [];
    const firstName = (i: number) => `F${letters(i)}`;
    const lastName = (i: number) => `L${letters(CONTACTS_CREATED - i)}`;
    const email = (marker: string, i: number) => `${marker}.${i}@created.example`;

    // A fresh worker, whether or not the previous case left one running.
    await worker.stop();
    await worker.start();
    while (killedAt.length < CREATE_KILLS) {
      if (files.length >= 10)
        throw new Error(
          `only ${killedAt.length} kills in ${files.length} imports: the imports end too fast to be killed`,
        );
      // Each file's own marker in every e-mail: its contacts are counted by it, apart from every other run.
      const marker = `chaos${Date.now().toString(36)}${random(1e9).toString(36)}`;
      const levels = Array.from({ length: CONTACTS_CREATED }, () => VALUES[random(VALUES.length)]);
      const rows = levels.map((level, i) => ['', firstName(i), lastName(i), email(marker, i), level]);
      const file = await csvBytes(['contact_id', 'first_name', 'last_name', 'email', 'LEVEL'], rows);
      const { id: importId } = expectStatus(
        await upload(worker.url, key, file, { dataType: 'contacts', mode: 'apply' }),
        202,
      );
      files.push({ id: importId, marker, levels });

      // Kill it at random moments, each after the (resumed) apply moved past the last kill, until it ends on its own.
      killedAt.push(...(await killDuring(importId, CREATE_KILLS - killedAt.length)));
    }

    const imports = importClient(worker.url, key);
    for (const { id: importId, marker, levels } of files) {
      // Completed with exact counts: every line a created contact.
      const imp = expectStatus(await imports.GET('/imports/{id}', { params: { path: { id: importId } } }), 200);
      expect({ id: importId, status: imp.status, error: imp.error }).toEqual({
        id: importId,
        status: 'completed',
        error: null,
      });
      const n = CONTACTS_CREATED;
      expect(imp.counts).toMatchObject({
        rows: n,
        validRows: n,
        errorRows: 0,
        changes: n,
        unchanged: 0,
        conflicts: 0,
        applied: n,
      });
      // No warning and no report line: a committed batch applied again would warn EMAIL_ALREADY_USED on its own
      // contacts.
      const [{ warnings }] = await db.query('SELECT warnings FROM imports WHERE id = ?', [importId]);
      const issues: { line: number; code: string }[] = await db.query(
        'SELECT line, code FROM import_issues WHERE import_id = ? ORDER BY line LIMIT 5',
        [importId],
      );
      expect({ importId, warnings: Number(warnings), issues }).toEqual({ importId, warnings: 0, issues: [] });

      // Exactly one contact per line, found by the line's e-mail: none missing, none doubled, with the line's names and
      // level.
      const contacts: { id: number; email: string; first_name: string; last_name: string; levels: string | null }[] =
        await db.query(
          `SELECT c.id, c.email, c.first_name, c.last_name, GROUP_CONCAT(cv.code ORDER BY cv.code) AS levels
           FROM contacts c
           LEFT JOIN contact_criterion_values ccv ON ccv.contact_id = c.id
           LEFT JOIN criterion_values cv ON cv.id = ccv.value_id
          WHERE c.email LIKE ?
          GROUP BY c.id`,
          [`${marker}.%`],
        );
      const byLine = new Map<number, typeof contacts>();
      for (const contact of contacts) {
        const line = Number(/^[^.]+\.(\d+)@/.exec(contact.email)![1]) + 2;
        byLine.set(line, [...(byLine.get(line) ?? []), contact]);
      }
      const lines = levels.map((_, i) => i + 2);
      const missing = lines.filter((line) => !byLine.has(line));
      const doubled = [...byLine]
        .filter(([, found]) => found.length > 1)
        .map(([line, found]) => ({ line, ids: found.map((contact) => Number(contact.id)) }));
      expect({ importId, contacts: contacts.length, missing, doubled }).toEqual({
        importId,
        contacts: n,
        missing: [],
        doubled: [],
      });
      const wrong = lines
        .map((line) => {
          const i = line - 2;
          const contact = byLine.get(line)![0];
          const want = {
            line,
            firstName: firstName(i),
            lastName: lastName(i),
            email: email(marker, i),
            levels: levels[i],
          };
          const got = {
            line,
            firstName: contact.first_name,
            lastName: contact.last_name,
            email: contact.email,
            levels: contact.levels,
          };
          return isDeepStrictEqual(got, want) ? undefined : { want, got };
        })
        .filter(Boolean);
      expect({ importId, wrong: wrong.length, first: wrong.slice(0, 5) }).toEqual({ importId, wrong: 0, first: [] });

      // The change log: exactly one `__created` row per line, keyed to that line's contact, with its fields, and
      // nothing else.
      const log: {
        contact_id: number;
        field_type: string;
        field_code: string;
        old_value: string;
        new_value: string;
        line: number;
      }[] = await db.query(
        'SELECT contact_id, field_type, field_code, old_value, new_value, line FROM import_changes WHERE import_id = ? ORDER BY line, id',
        [importId],
      );
      expect({ importId, rows: log.length, lines: new Set(log.map((row) => row.line)).size }).toEqual({
        importId,
        rows: n,
        lines: n,
      });
      const badLog = log
        .map((row) => {
          const i = Number(row.line) - 2;
          const want = {
            line: Number(row.line),
            contactId: Number(byLine.get(Number(row.line))?.[0].id),
            type: 'contact',
            code: CREATED_CONTACT,
            old: '',
            // Every column of the table, empty but those the file holds.
            fields: {
              ...emptyContactValues(),
              first_name: firstName(i),
              last_name: lastName(i),
              email: email(marker, i),
            },
          };
          const got = {
            line: Number(row.line),
            contactId: Number(row.contact_id),
            type: row.field_type,
            code: row.field_code,
            old: row.old_value,
            fields: JSON.parse(row.new_value),
          };
          return isDeepStrictEqual(got, want) ? undefined : { want, got };
        })
        .filter(Boolean);
      expect({ importId, badLog: badLog.length, first: badLog.slice(0, 5) }).toEqual({
        importId,
        badLog: 0,
        first: [],
      });
    }

    console.log(
      `chaos: ${killedAt.length} SIGKILLs (${killedAt.filter((line) => line > 0).length} after a committed batch, resumed; cursor at ${killedAt.join(', ')}), ${killedAt.length} restarts, ${files.length} contacts imports of ${CONTACTS_CREATED} new contacts, ` +
        `${files.length * CONTACTS_CREATED} created contacts checked by e-mail (none missing, none doubled, names and LEVEL), ${files.length * CONTACTS_CREATED} __created change-log rows checked`,
    );
    expect(killedAt.length).toBeGreaterThanOrEqual(CREATE_KILLS);
  }, 900000);
});
