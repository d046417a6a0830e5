import { DataSource } from 'typeorm';
import { templateHeader } from '@app/csv-schema';
import { importClient } from '@app/api-client';
import { createInstitution, expectStatus, isolateTestFile, RunningApp, seed, startApp, waitFor } from '../utils';
import { TARGETS_APP, TargetsAppModule } from '../../apps/targets/src/targets-app.module';
import { csvBytes, upload } from '../../apps/import/test/import-helpers';
import { ImportWorker } from './worker';

/**
 * Crash-safe resume: the import worker (a child process from the build) is SIGKILLed at random moments
 * of its applies, at least KILLS times, and restarted each time. Imports are uploaded one after the
 * other, each from the state the previous one must have left, until enough kills happened. Then every
 * contact must hold exactly what the files say, every import's counts must be exact, and the change log
 * must hold exactly one row per changed field with the right old and new values.
 */
const KILLS = Number(process.env.CHAOS_KILLS ?? 12);
const CONTACTS = 20000;
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
      contacts: Array.from({ length: CONTACTS }, (_, i) => ({ firstName: `F${i}`, lastName: `L${i}`, email: `c${i}@example.org`, criteria: { LEVEL: ['A'] } })),
    }));
    worker = new ImportWorker({ IMPORT_BATCH_SIZE: '50', QUEUE_LOCK_DURATION_MS: '2000', QUEUE_STALLED_INTERVAL_MS: '1000', QUEUE_MAX_STALLED_COUNT: '1000' });
  }, 300000);
  afterAll(async () => {
    await worker?.stop();
    await targets?.close();
  });

  it(`applies every file exactly once through ${KILLS}+ kills`, async () => {
    const expected = new Map(ids.map((id) => [id, 'A']));
    const plans: { id: number; changes: Map<number, { old: string; new: string }>; errorRows: number }[] = [];
    let kills = 0;
    let midApply = 0;
    let restarts = 0;
    const status = async (id: number) => (await db.query('SELECT status, last_applied_line AS line, processed FROM imports WHERE id = ?', [id]))[0];

    await worker.start();
    while (kills < KILLS) {
      if (plans.length >= 40) throw new Error(`only ${kills} kills in ${plans.length} imports: the imports end too fast to be killed`);
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
      const { id: importId } = expectStatus(await upload(worker.url, key, file, { dataType: 'criteria', mode: 'apply' }), 202);
      plans.push({ id: importId, changes, errorRows });
      for (const [id, change] of changes) expected.set(id, change.new);

      // Kill it at random moments until it ends on its own.
      for (;;) {
        const moving = await waitFor(
          async () => {
            const now = await status(importId);
            return now.status !== 'queued' && now.status !== 'running' ? 'done' : now.line > 0 || now.processed > 0 ? 'running' : undefined;
          },
          `import ${importId} to move`,
          120000,
          25,
        );
        if (moving === 'done' || kills >= KILLS) break;
        await sleep(random(600));
        const before = await status(importId);
        if (before.status !== 'running') break;
        await worker.kill();
        kills++;
        const after = await status(importId);
        if (after.line > 0) midApply++;
        await worker.start();
        restarts++;
      }
      await waitFor(async () => {
        const now = await status(importId);
        return now.status === 'queued' || now.status === 'running' ? undefined : now;
      }, `import ${importId} to finish`, 120000);
    }

    // Every import completed with exact counts and an exact change log.
    const imports = importClient(worker.url, key);
    for (const plan of plans) {
      const imp = expectStatus(await imports.GET('/imports/{id}', { params: { path: { id: plan.id } } }), 200);
      expect({ id: plan.id, status: imp.status, error: imp.error }).toEqual({ id: plan.id, status: 'completed', error: null });
      expect(imp.counts).toMatchObject({ rows: CONTACTS, errorRows: plan.errorRows, changes: plan.changes.size, applied: plan.changes.size });
      const log: { contact_id: number; old_value: string; new_value: string; n: number }[] = await db.query(
        'SELECT contact_id, old_value, new_value, COUNT(*) OVER (PARTITION BY contact_id, field_code) AS n FROM import_changes WHERE import_id = ?',
        [plan.id],
      );
      expect(log.length).toBe(plan.changes.size);
      expect(log.filter((row) => Number(row.n) !== 1)).toEqual([]);
      for (const row of log) expect({ id: Number(row.contact_id), old: row.old_value, new: row.new_value }).toEqual({ id: Number(row.contact_id), ...plan.changes.get(Number(row.contact_id)) });
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
      `chaos: ${kills} SIGKILLs (${midApply} after a committed batch, resumed), ${restarts} restarts, ${plans.length} imports of ${CONTACTS} rows, ` +
        `${plans.reduce((n, p) => n + p.changes.size, 0)} changes checked in the change log, ${CONTACTS} contacts checked`,
    );
    expect(kills).toBeGreaterThanOrEqual(KILLS);
  }, 900000);
});
