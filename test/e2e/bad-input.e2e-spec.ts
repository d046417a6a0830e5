import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/common';
import type { RunningApp } from '../utils';
import { createInstitution, expectStatus, importClient, isolateTestFile, startApp, targetsClient } from '../utils';
import { TARGETS_APP, TargetsAppModule } from '../../apps/targets/src/targets-app.module';
import { IMPORT_APP, ImportAppModule } from '../../apps/import/src/import-app.module';
import { GENERATED } from '../fixtures/bad-input/generated';
import type { CorpusTarget } from '../fixtures/bad-input/corpus';
import { CORPUS, CORPUS_DIR, CORPUS_LIMITS, HOSTILE_REQUESTS, runCase, seedCorpus } from '../fixtures/bad-input/corpus';

/**
 * The bad-input corpus (test/fixtures/bad-input: manifest.json, corpus.ts) against the targets and import apps in
 * this process; test/chaos/corpus.chaos-spec.ts runs it against the four apps as `npm start` runs them.
 */
describe('bad-input corpus', () => {
  const { filesDir } = isolateTestFile({
    ...CORPUS_LIMITS,
    // Every file goes through the parse thread: its errors must reach the report exactly as in-thread parsing gives
    // them (csv-worker-reader.spec).
    IMPORT_PARSE_THREAD_MIN_BYTES: '0',
  });
  let targets: RunningApp;
  let importer: RunningApp;
  let db: DataSource;
  let target: CorpusTarget;

  beforeAll(async () => {
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    importer = await startApp(ImportAppModule, IMPORT_APP);
    db = importer.app.get(DataSource);
    const keys = [(await createInstitution(targets.url)).apiKey, (await createInstitution(targets.url)).apiKey];
    target = await seedCorpus(targets.url, importer.url, db, keys as [string, string]);
  });
  afterAll(async () => {
    await importer?.close();
    await targets?.close();
  });

  it('has at least 20 kinds, each file present and each generator known', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(20);
    const files = new Set(readdirSync(CORPUS_DIR));
    for (const c of CORPUS) {
      if (c.file) expect(files.has(c.file)).toBe(true);
      if (c.generated) expect(Object.keys(GENERATED)).toContain(c.generated);
    }
  });

  it.each(CORPUS.map((c) => [c.name, c] as const))('%s', (_name, c) => runCase(target, c));

  describe('hostile requests (issue 16)', () => {
    it.each(Object.entries(HOSTILE_REQUESTS))('%s, and the apps stay healthy', async (_name, request) => {
      const signingSecret = importer.app.get(AppConfig).SIGNING_SECRET;
      await request(target, { targetsUrl: targets.url, signingSecret });
      expectStatus(await targetsClient(targets.url).GET('/health'), 200);
      expectStatus(await importClient(importer.url).GET('/health'), 200);
    });
  });

  it('leaves no import unfinished and no orphan upload', async () => {
    const open = await db.query(`SELECT id, status FROM imports WHERE status IN ('queued', 'running')`);
    expect(open).toEqual([]);
    const stored: { stored_name: string }[] = await db.query('SELECT stored_name FROM imports');
    const names = new Set(stored.map((row) => row.stored_name));
    const orphans = readdirSync(join(filesDir, 'imports')).filter(
      (name) => name.endsWith('.upload') && !names.has(name),
    );
    expect(orphans).toEqual([]);
  });
});
