import { DataSource } from 'typeorm';
import { templateHeader } from '@app/csv-schema';
import type { RunningApp } from '../utils';
import { createInstitution, expectStatus, importClient, isolateTestFile, seed, startApp, waitFor } from '../utils';
import { TARGETS_APP, TargetsAppModule } from '../../apps/targets/src/targets-app.module';
import { csvBytes, upload } from '../../apps/import/test/import-helpers';
import { ImportWorker } from './worker';

/**
 * Load: IMPORTS applies of ROWS rows each, uploaded at once and run by two import worker processes
 * (children from the build). Their contacts interleave (import k takes every IMPORTS-th contact from k),
 * so the batches of concurrent imports lock neighbouring rows; every import must complete with exact
 * counts and change log, and every contact must hold what its file says (deadlocks retried, none left).
 */
const IMPORTS = Number(process.env.LOAD_IMPORTS ?? 20);
const ROWS = Number(process.env.LOAD_ROWS ?? 10000);
const VALUES = ['A', 'B', 'C', 'D'];

describe('load: concurrent imports over two worker processes', () => {
  let targets: RunningApp;
  const workers: ImportWorker[] = [];
  let db: DataSource;
  let key: string;
  let ids: number[];

  beforeAll(async () => {
    isolateTestFile();
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    db = targets.app.get(DataSource);
    const institution = await createInstitution(targets.url);
    key = institution.apiKey;
    await seed(targets.url, key, { criteria: [{ code: 'LEVEL', multiValued: false, values: VALUES }], contacts: [] });
    // IMPORTS x ROWS contacts holding A, written in SQL (the HTTP seeding of 200,000 contacts would dominate the run).
    const total = IMPORTS * ROWS;
    await db.query(
      `INSERT INTO contacts (institution_id, first_name, last_name, email) SELECT ?, CONCAT('F', seq), CONCAT('L', seq), CONCAT('c', seq, '@example.org') FROM seq_1_to_${total}`,
      [institution.id],
    );
    ids = (await db.query('SELECT id FROM contacts WHERE institution_id = ? ORDER BY id', [institution.id])).map(
      (row: { id: number }) => Number(row.id),
    );
    const [{ value }] = await db.query(
      `SELECT cv.id AS value FROM criterion_values cv JOIN criteria c ON c.id = cv.criterion_id WHERE c.institution_id = ? AND c.code = 'LEVEL' AND cv.code = 'A'`,
      [institution.id],
    );
    const [{ criterion }] = await db.query(
      `SELECT id AS criterion FROM criteria WHERE institution_id = ? AND code = 'LEVEL'`,
      [institution.id],
    );
    await db.query(
      `INSERT INTO contact_criterion_values (contact_id, criterion_id, value_id) SELECT id, ?, ? FROM contacts WHERE institution_id = ?`,
      [criterion, value, institution.id],
    );
    for (let i = 0; i < 2; i++) {
      // One institution uploads them all: its lane is opened to every import, which is the load this test is about.
      const worker = new ImportWorker({ IMPORT_BATCH_SIZE: '500', MAX_RUNNING_JOBS_PER_TENANT: String(IMPORTS) });
      await worker.start();
      workers.push(worker);
    }
  }, 600000);
  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await targets?.close();
  });

  it(`completes ${IMPORTS} imports of ${ROWS} rows, exactly`, async () => {
    const expected = new Map<number, string>();
    const plans = await Promise.all(
      Array.from({ length: IMPORTS }, async (_, k) => {
        const rows: string[][] = [];
        let changes = 0;
        for (let i = k; i < ids.length; i += IMPORTS) {
          const next = VALUES[Math.floor(Math.random() * VALUES.length)];
          rows.push([String(ids[i]), '', '', '', 'A', next]);
          expected.set(ids[i], next);
          if (next !== 'A') changes++;
        }
        const file = await csvBytes(templateHeader('criteria', ['LEVEL']), rows);
        const { id } = expectStatus(
          await upload(workers[k % 2].url, key, file, { dataType: 'criteria', mode: 'apply' }),
          202,
        );
        return { id, changes, rows: rows.length };
      }),
    );
    const started = Date.now();
    await waitFor(
      async () => {
        const [{ open }] = await db.query(
          `SELECT COUNT(*) AS open FROM imports WHERE id IN (?) AND status IN ('queued', 'running')`,
          [plans.map((p) => p.id)],
        );
        return Number(open) === 0 ? true : undefined;
      },
      'every import to finish',
      900000,
      500,
    );
    const seconds = (Date.now() - started) / 1000;
    const imports = importClient(workers[0].url, key);
    for (const plan of plans) {
      const imp = expectStatus(await imports.GET('/imports/{id}', { params: { path: { id: plan.id } } }), 200);
      expect({ id: plan.id, status: imp.status, error: imp.error }).toEqual({
        id: plan.id,
        status: 'completed',
        error: null,
      });
      expect(imp.counts).toMatchObject({ rows: plan.rows, errorRows: 0, changes: plan.changes, applied: plan.changes });
      const [{ n, distinctFields }] = await db.query(
        'SELECT COUNT(*) AS n, COUNT(DISTINCT contact_id, field_code) AS distinctFields FROM import_changes WHERE import_id = ?',
        [plan.id],
      );
      expect({ id: plan.id, n: Number(n), distinct: Number(distinctFields) }).toEqual({
        id: plan.id,
        n: plan.changes,
        distinct: plan.changes,
      });
    }
    const rows: { contact_id: number; code: string }[] = await db.query(
      `SELECT ccv.contact_id, cv.code FROM contact_criterion_values ccv JOIN criterion_values cv ON cv.id = ccv.value_id WHERE ccv.contact_id IN (?)`,
      [ids],
    );
    expect(rows.length).toBe(ids.length);
    expect(rows.filter((row) => expected.get(Number(row.contact_id)) !== row.code).length).toBe(0);
    const deadlocks = workers.map((w) => (w.stderr().match(/deadlock/gi) ?? []).length).reduce((a, b) => a + b, 0);
    console.log(
      `load: ${IMPORTS} imports x ${ROWS} rows over 2 workers in ${seconds.toFixed(1)} s; ${ids.length} contacts checked; deadlock mentions in worker logs: ${deadlocks}`,
    );
  }, 1200000);
});
