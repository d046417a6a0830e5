import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { uploadImport } from '@app/api-client';
import { dataSourceOptions } from '@app/database';
import { createInstitution, expectStatus, importClient, isolateTestFile, waitFor } from '../utils';
import type { CorpusTarget } from '../fixtures/bad-input/corpus';
import { CORPUS, CORPUS_LIMITS, HOSTILE_REQUESTS, runCase, seedCorpus, snapshot } from '../fixtures/bad-input/corpus';
import { BUDGET_FILLING_TEXTS, sharedStringsWorkbook } from '../fixtures/bad-input/generated';
import { NpmStart } from './npm-start';

/** The links' secret of this run (the apps' own, to sign tokens that are well signed but ill formed). */
const SIGNING_SECRET = randomBytes(32).toString('hex');

/**
 * Issue 16's "done when": the four apps as `npm start` runs them (its restart policy, its heap caps) take the whole
 * bad-input corpus and the hostile requests, and all four answer /health at the end with none of them ever having
 * exited. Then the largest workbook texts the default limits let in fit the import worker's 128 MB heap.
 */
/**
 * The four apps under `npm start` with `env`, and the corpus's two institutions seeded through them (`target.db` is a
 * connection of the test's own, to be destroyed).
 */
async function startSeeded(env: Record<string, string>): Promise<{ apps: NpmStart; target: CorpusTarget }> {
  const { filesDir, queuePrefix } = isolateTestFile();
  const apps = new NpmStart({ ...env, FILES_DIR: filesDir, QUEUE_PREFIX: queuePrefix });
  await apps.start();
  const db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!)).initialize();
  const keys = [
    (await createInstitution(apps.urls.targets)).apiKey,
    (await createInstitution(apps.urls.targets)).apiKey,
  ] as [string, string];
  return { apps, target: await seedCorpus(apps.urls.targets, apps.urls.imports, db, keys) };
}

describe('npm start survives the bad-input corpus', () => {
  let apps: NpmStart;
  let target: CorpusTarget;

  beforeAll(async () => ({ apps, target } = await startSeeded({ ...CORPUS_LIMITS, SIGNING_SECRET })), 180000);
  afterAll(async () => {
    await apps?.stop();
    await target?.db.destroy();
  });

  it('answers every case as the manifest says, then the four apps are healthy and none ever exited', async () => {
    for (const c of CORPUS) {
      try {
        await runCase(target, c, 60000);
      } catch (error) {
        throw new Error(`${c.name}: ${(error as Error).message}\n${apps.log().slice(-3000)}`, { cause: error });
      }
    }
    for (const request of Object.values(HOSTILE_REQUESTS))
      await request(target, { targetsUrl: apps.urls.targets, signingSecret: SIGNING_SECRET });
    expect(await apps.healthy()).toEqual([200, 200, 200, 200]);
    expect(apps.exits()).toEqual([]);
  });

  it('stops, all four apps, on a SIGTERM to the group (a stop is not a crash to restart from)', async () => {
    expect(await apps.stop('SIGTERM')).toBe(true);
  });
});

describe("the default workbook limits fit the import worker's heap under npm start", () => {
  let apps: NpmStart;
  let target: CorpusTarget;

  beforeAll(async () => ({ apps, target } = await startSeeded({ SIGNING_SECRET })), 180000);
  afterAll(async () => {
    await apps?.stop();
    await target?.db.destroy();
  });

  /** Uploads and waits for the import; a failure says what the apps printed (an app dying prints why). */
  const importWorkbook = (bytes: Buffer) =>
    uploadAndWait(bytes).catch((error: Error) => {
      throw new Error(`${error.message}\n${apps.log().slice(-4000)}`, { cause: error });
    });
  const uploadAndWait = async (bytes: Buffer) => {
    const imports = importClient(apps.urls.imports, target.key);
    const { id } = expectStatus(
      await uploadImport(imports, { dataType: 'criteria', mode: 'validate' }, { data: bytes, name: 'template.xlsx' }),
      202,
    );
    return waitFor(
      async () => {
        const got = expectStatus(await imports.GET('/imports/{id}', { params: { path: { id } } }), 200);
        return ['validated', 'failed'].includes(got.status) ? got : undefined;
      },
      `import ${id} to finish`,
      120000,
      250,
    );
  };

  it('reads a workbook whose texts take 94 % of MAX_XLSX_SHARED_STRING_BYTES (32 MiB) without the worker dying', async () => {
    const done = await importWorkbook(await sharedStringsWorkbook(...BUDGET_FILLING_TEXTS, target.tokens['@ID1@']));
    expect({ status: done.status, rows: done.counts.rows, fileErrors: done.fileErrors }).toEqual({
      status: 'validated',
      rows: 1,
      fileErrors: [],
    });
    expect(apps.exits()).toEqual([]);
  });

  it('refuses one whose texts would take twice the budget with TOO_LARGE, and nothing changed', async () => {
    const before = await snapshot(target);
    const done = await importWorkbook(await sharedStringsWorkbook(900_000, 40, target.tokens['@ID1@']));
    expect(done.status).toBe('failed');
    expect(done.fileErrors.map((error) => error.code)).toEqual(['TOO_LARGE']);
    expect(done.fileErrors[0].message).toContain('MAX_XLSX_SHARED_STRING_BYTES');
    expect(await snapshot(target)).toEqual(before);
    expect(await apps.healthy()).toEqual([200, 200, 200, 200]);
    expect(apps.exits()).toEqual([]);
  });
});
