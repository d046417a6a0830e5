import Redis from 'ioredis';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/database';
import { QueueName } from '@app/queues';
import type { TestS3Server } from '../utils/s3-server';
import { startS3Server } from '../utils/s3-server';
import {
  createInstitution,
  expectStatus,
  importClient,
  letters,
  seed,
  targetsClient,
  templateExportClient,
  waitFor,
} from '../utils';
import { csvBytes, parseCsv, unzipSingle, upload } from '../../apps/import/test/import-helpers';
import { SmtpCapture } from '../../apps/notifications/test/smtp-capture';
import type { AppName } from './worker';
import { AppProcess } from './worker';

/**
 * Two replicas of each app from the build, as two machines would run them: each its own port and SCRATCH_DIR, sharing
 * only MySQL, Redis and one S3-compatible server (s3rver). The whole flow runs with every request sent to the next
 * replica in turn; then the replica working on a 20,000-row apply is SIGKILLed, and the other must resume it after its
 * last committed batch, leaving exact data and an exact change log.
 */
const CONTACTS = 20000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const VALUES = ['A', 'B', 'C', 'D'];
const HEAP: Partial<Record<AppName, string[]>> = {
  import: ['--max-old-space-size=128'],
  'template-export': ['--max-old-space-size=192'],
};
const APPS: AppName[] = ['targets', 'template-export', 'import', 'notifications'];

/** CPU time (user + system, in clock ticks) the process has used: the replica running the apply is the busy one. */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

describe('chaos: two replicas of each app sharing MySQL, Redis and S3', () => {
  const queuePrefix = `cmu-replicas-${randomBytes(4).toString('hex')}`;
  const scratch: string[] = [];
  const replicas = {} as Record<AppName, AppProcess[]>;
  const turns = new Map<AppName, number>();
  let s3: TestS3Server;
  let smtp: SmtpCapture;
  let db: DataSource;
  let redis: Redis;

  /** The next replica of `app` still running, in turn. */
  const next = (app: AppName): string => {
    const turn = turns.get(app) ?? 0;
    turns.set(app, turn + 1);
    const running = replicas[app].filter((replica) => replica.pid() !== undefined);
    return running[turn % running.length].url;
  };

  beforeAll(async () => {
    s3 = await startS3Server();
    smtp = new SmtpCapture();
    await smtp.start();
    db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!)).initialize();
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const shared = {
      ...s3.env('replicas/'),
      QUEUE_PREFIX: queuePrefix,
      SMTP_URL: smtp.url,
      // Small batches: the apply lasts long enough to be killed mid-way.
      IMPORT_BATCH_SIZE: '25',
      // A dead worker's job is handed back within seconds, not a minute.
      QUEUE_LOCK_DURATION_MS: '2000',
      QUEUE_STALLED_INTERVAL_MS: '1000',
    };
    for (const app of APPS) {
      replicas[app] = [];
      for (let i = 0; i < 2; i++) {
        const dir = mkdtempSync(join(tmpdir(), `cmu-scratch-${app}-`));
        scratch.push(dir);
        const replica = new AppProcess(app, { ...shared, SCRATCH_DIR: dir }, HEAP[app]);
        await replica.start();
        replicas[app].push(replica);
      }
    }
  }, 300000);

  afterAll(async () => {
    for (const app of APPS) for (const replica of replicas[app] ?? []) await replica.stop();
    await smtp?.stop();
    await s3?.close();
    await db?.destroy();
    redis?.disconnect();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  const importView = async (key: string, id: number) =>
    expectStatus(await importClient(next('import'), key).GET('/imports/{id}', { params: { path: { id } } }), 200);
  const waitImport = (key: string, id: number, statuses: string[]) =>
    waitFor(
      async () => {
        const view = await importView(key, id);
        return statuses.includes(view.status) ? view : undefined;
      },
      `import ${id} to be ${statuses.join(' or ')}`,
      240000,
      200,
    );
  const levels = async (ids: number[]) => {
    const rows: { contact_id: number; code: string }[] = await db.query(
      `SELECT ccv.contact_id, cv.code FROM contact_criterion_values ccv JOIN criterion_values cv ON cv.id = ccv.value_id
        WHERE ccv.contact_id IN (?)`,
      [ids],
    );
    return new Map(rows.map((row) => [Number(row.contact_id), row.code]));
  };

  it('runs the whole flow round-robin, and a SIGKILLed apply is resumed by the other replica, exactly', async () => {
    // Set up through either targets replica.
    const { apiKey: key } = await createInstitution(next('targets'));
    const { contactIds: ids } = await seed(next('targets'), key, {
      criteria: [{ code: 'LEVEL', multiValued: false, values: VALUES }],
      contacts: Array.from({ length: CONTACTS }, (_, i) => ({
        firstName: `F${letters(i)}`,
        lastName: `L${letters(i)}`,
        email: `c${i}@example.org`,
        criteria: { LEVEL: ['A'] },
      })),
    });
    const target = expectStatus(
      await targetsClient(next('targets'), key).POST('/targets', { body: { name: 'Everyone', rule: { all: [] } } }),
      201,
    );

    // Export, asked of one replica, followed and downloaded through the others.
    const { id: exportId } = expectStatus(
      await templateExportClient(next('template-export'), key).POST('/template-exports', {
        body: { dataType: 'criteria', targetId: target.id, fields: ['LEVEL'], email: 'export@replicas.example' },
      }),
      202,
    );
    await waitFor(
      async () => {
        const view = expectStatus(
          await templateExportClient(next('template-export'), key).GET('/template-exports/{id}', {
            params: { path: { id: exportId } },
          }),
          200,
        );
        if (view.status === 'failed') throw new Error(JSON.stringify(view));
        return view.status === 'completed' ? view : undefined;
      },
      'the export',
      120000,
      200,
    );
    const zip = expectStatus(
      await templateExportClient(next('template-export'), key).GET('/template-exports/{id}/file', {
        params: { path: { id: exportId } },
        parseAs: 'arrayBuffer',
      }),
      200,
    );

    // Edit: every contact gets another level.
    const [header, ...rows] = await parseCsv(await unzipSingle(Buffer.from(zip)));
    expect(rows).toHaveLength(CONTACTS);
    const column = header.indexOf('[new] LEVEL');
    expect(column).toBeGreaterThan(-1);
    const wanted = new Map<number, string>();
    for (const row of rows) {
      const value = VALUES[1 + (Number(row[0]) % 3)];
      row[column] = value;
      wanted.set(Number(row[0]), value);
    }
    const file = await csvBytes(header, rows);

    // Validate, then apply, each uploaded to the next replica.
    const validation = expectStatus(
      await upload(next('import'), key, file, {
        dataType: 'criteria',
        mode: 'validate',
        email: 'validate@replicas.example',
      }),
      202,
    );
    expect(await waitImport(key, validation.id, ['validated', 'failed'])).toMatchObject({
      status: 'validated',
      counts: { rows: CONTACTS, changes: CONTACTS, errorRows: 0 },
    });
    const { id } = expectStatus(
      await upload(next('import'), key, file, { dataType: 'criteria', mode: 'apply', email: 'apply@replicas.example' }),
      202,
    );

    // Once a batch is committed, SIGKILL the replica running the apply (the one using the CPU) and keep it down.
    const cursor = async () =>
      (await db.query('SELECT status, last_applied_line AS line FROM imports WHERE id = ?', [id]))[0] as {
        status: string;
        line: number;
      };
    await waitFor(
      async () => {
        const now = await cursor();
        if (now.status !== 'running' && now.status !== 'queued')
          throw new Error(`ended before the kill: ${now.status}`);
        return now.line > 0 ? true : undefined;
      },
      'a committed batch of the apply',
      120000,
      20,
    );
    // The busy replica, by the CPU time each used over a moment of the apply (the other waits on Redis).
    const before = replicas.import.map((replica) => cpuTicks(replica.pid()!));
    await sleep(500);
    const used = replicas.import.map((replica, i) => cpuTicks(replica.pid()!) - before[i]);
    if (used[0] === used[1]) throw new Error(`no import replica is busier than the other: ${used.join(', ')} ticks`);
    const busy = used[0] > used[1] ? 0 : 1;
    await replicas.import[busy].kill();
    const { status: killedIn, line: killedAt } = await cursor();
    expect(killedIn).toBe('running');
    const other = replicas.import[1 - busy];

    const applied = await waitFor(
      async () => {
        const view = expectStatus(
          await importClient(other.url, key).GET('/imports/{id}', { params: { path: { id } } }),
          200,
        );
        return ['completed', 'failed'].includes(view.status) ? view : undefined;
      },
      'the other replica to finish the apply',
      240000,
      200,
    );
    expect(applied).toMatchObject({
      status: 'completed',
      error: null,
      counts: { rows: CONTACTS, changes: CONTACTS, applied: CONTACTS },
    });
    // The job was handed back after the kill (Bull counted it stalled), and picked up where the cursor was.
    const jobKeys = await redis.keys(`${queuePrefix}:${QueueName.Import}:import:${id}:process*`);
    const stalled = await Promise.all(
      jobKeys.filter((k) => !k.endsWith(':lock')).map((k) => redis.hget(k, 'stalledCounter')),
    );
    expect({ used, jobKeys, stalled: stalled.map(Number).some((count) => count >= 1) }).toMatchObject({
      stalled: true,
    });

    // The data and the change log are exact: one row per contact, old A, new what the file says.
    const after = await levels(ids);
    expect(ids.filter((contactId) => after.get(contactId) !== wanted.get(contactId))).toEqual([]);
    const log: { contact_id: number; old_value: string; new_value: string; n: number }[] = await db.query(
      `SELECT contact_id, old_value, new_value, COUNT(*) OVER (PARTITION BY contact_id, field_code) AS n
         FROM import_changes WHERE import_id = ?`,
      [id],
    );
    expect(log).toHaveLength(CONTACTS);
    expect(log.filter((row) => Number(row.n) !== 1)).toEqual([]);
    expect(log.filter((row) => row.old_value !== 'A' || row.new_value !== wanted.get(Number(row.contact_id)))).toEqual(
      [],
    );

    // Revert through the replica left, then every contact is back to A.
    expectStatus(await importClient(other.url, key).POST('/imports/{id}/revert', { params: { path: { id } } }), 202);
    expect(await waitImport(key, id, ['reverted', 'failed'])).toMatchObject({ status: 'reverted' });
    const reverted = await levels(ids);
    expect(ids.filter((contactId) => reverted.get(contactId) !== 'A')).toEqual([]);

    // One e-mail per event, whichever notifications replica sent it.
    for (const address of ['export@replicas.example', 'validate@replicas.example', 'apply@replicas.example'])
      await smtp.waitForMail(address, 60000);
    expect(
      ['export@replicas.example', 'validate@replicas.example', 'apply@replicas.example'].map(
        (address) => smtp.to(address).length,
      ),
    ).toEqual([1, 1, 1]);

    console.log(
      `replicas: apply of ${CONTACTS} rows, the replica running it (${used[busy]} CPU ticks in 500 ms, the other ` +
        `${used[1 - busy]}) SIGKILLed after line ${killedAt}; the other resumed ` +
        `it and ended it completed (${CONTACTS} changes, change log exact), then reverted it`,
    );
  }, 900000);
});
