import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { hashApiKey, newApiKey } from '@app/common';
import { templateHeader } from '@app/csv-schema';
import { insertInstitution } from '@app/database';
import { QueueName } from '@app/queues';
import { FileStore } from '@app/storage';
import type { RunningApp } from '../utils';
import { createInstitution, expectStatus, isolateTestFile, seed, startApp } from '../utils';
import { TARGETS_APP, TargetsAppModule } from '../../apps/targets/src/targets-app.module';
import { IMPORT_APP, ImportAppModule } from '../../apps/import/src/import-app.module';
import { ImportLostJobs } from '../../apps/import/src/import-lost-jobs.service';
import { csvBytes, upload, waitImport } from '../../apps/import/test/import-helpers';
import { NOTIFICATIONS_APP, NotificationsAppModule } from '../../apps/notifications/src/notifications-app.module';
import { NotificationsService } from '../../apps/notifications/src/notifications.service';
import { exportCompleted } from '../../apps/notifications/test/sample-messages';
import { ExportCleanupService } from '../../apps/template-export/src/export-cleanup.service';
import {
  TEMPLATE_EXPORT_APP,
  TemplateExportAppModule,
} from '../../apps/template-export/src/template-export-app.module';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Two worker replicas of each app, as two machines would run them (each its own connections), given the same work
 * at the same moment: the retention clean-up, the lost-job sweep and an e-mail are each done once, never twice.
 */
describe('schedulers with two worker replicas', () => {
  const started: RunningApp[] = [];
  const start = async (...args: Parameters<typeof startApp>) => {
    const app = await startApp(...args);
    started.push(app);
    return app;
  };

  beforeAll(() => {
    isolateTestFile({ SMTP_URL: '' });
  });
  afterAll(async () => {
    for (const app of started.reverse()) await app.close();
  });

  it('the retention clean-up deletes each old zip once: one replica cleans, the other skips', async () => {
    const replicas = [
      await start(TemplateExportAppModule.forRole('worker'), TEMPLATE_EXPORT_APP),
      await start(TemplateExportAppModule.forRole('worker'), TEMPLATE_EXPORT_APP),
    ];
    const store = replicas[0].app.get(FileStore);
    const names = Array.from({ length: 20 }, (_, i) => `${900000 + i}-old-template.zip`);
    for (const name of names) await store.write(`exports/${name}`, Readable.from([Buffer.from('zip')]));

    const runs = await Promise.all(
      replicas.map((replica) => replica.app.get(ExportCleanupService).runOnce(Date.now() + 8 * DAY_MS)),
    );
    const deleted = runs.flatMap((run) => run ?? []);
    expect(deleted.sort()).toEqual([...names].sort());
    expect(await store.listOlderThan('exports/', new Date(Date.now() + DAY_MS))).toEqual([]);
  });

  it('the lost-job sweep requeues a lost import once, whichever replica sweeps, and it completes once', async () => {
    const targets = await start(TargetsAppModule, TARGETS_APP);
    const api = await start(ImportAppModule.forRole('api'), IMPORT_APP);
    const workers = [
      await start(ImportAppModule.forRole('worker'), IMPORT_APP),
      await start(ImportAppModule.forRole('worker'), IMPORT_APP),
    ];
    const { apiKey, id: institutionId } = await createInstitution(targets.url);
    const {
      contactIds: [contactId],
    } = await seed(targets.url, apiKey, {
      criteria: [{ code: 'MUSIC', multiValued: true, values: ['JAZZ', 'ROCK'] }],
      contacts: [{ firstName: 'Ana', lastName: 'Sweep', email: 'sweep@example.org', criteria: { MUSIC: ['JAZZ'] } }],
    });
    // What a Redis restart leaves: the import row queued, its Bull job gone. The queue is paused for every worker
    // while the job is taken out, so neither replica starts it.
    const queue = api.app.get<Queue>(getQueueToken(QueueName.Import));
    await queue.pause();
    let id: number;
    try {
      const header = templateHeader('criteria', ['MUSIC']);
      const file = await csvBytes(header, [[String(contactId), 'Sweep', 'Ana', 'sweep@example.org', 'JAZZ', 'ROCK']]);
      ({ id } = expectStatus(await upload(api.url, apiKey, file, { dataType: 'criteria', mode: 'apply' }), 202));
      const jobs = (await queue.getJobs(['waiting', 'paused', 'delayed'])).filter(
        (job) => job && Number(job.data.importId) === id,
      );
      expect(jobs).toHaveLength(1);
      await jobs[0].remove();
      await api.app
        .get(DataSource)
        .query('UPDATE imports SET created_at = NOW(3) - INTERVAL 2 MINUTE WHERE id = ?', [id]);
    } finally {
      await queue.resume();
    }

    const sweeps = await Promise.all(workers.map((worker) => worker.app.get(ImportLostJobs).sweep(30, institutionId)));
    expect(sweeps.flatMap((sweep) => sweep.requeued)).toEqual([id]);
    expect(sweeps.flatMap((sweep) => sweep.failed)).toEqual([]);
    expect(await waitImport(api.url, apiKey, id)).toMatchObject({ status: 'completed', counts: { applied: 1 } });
    const changes = await api.app
      .get(DataSource)
      .query('SELECT COUNT(*) AS n FROM import_changes WHERE import_id = ?', [id]);
    expect(Number(changes[0].n)).toBe(1);
  });

  it('an e-mail handed to both replicas at once is sent once', async () => {
    const replicas = [
      await start(NotificationsAppModule.forRole('worker'), NOTIFICATIONS_APP),
      await start(NotificationsAppModule.forRole('worker'), NOTIFICATIONS_APP),
    ];
    const institutionId = await insertInstitution(replicas[0].app.get(DataSource), {
      code: `TWICE${Date.now()}`,
      name: 'Two replicas',
      apiKeyHash: hashApiKey(newApiKey()),
    });
    const store = replicas[0].app.get(FileStore);
    await store.write('exports/77-twice.zip', Readable.from([Buffer.from('zip bytes')]));
    const message = exportCompleted({
      institutionId,
      to: 'twice@example.com',
      locale: 'en',
      filePath: 'exports/77-twice.zip',
      fileName: 'twice.zip',
      fileSize: 9,
    });
    const results = await Promise.all(
      replicas.map((replica) => replica.app.get(NotificationsService).deliver(message, { attempt: 1, maxAttempts: 8 })),
    );
    expect(results.sort()).toEqual(['already-sent', 'sent']);
    const mails = await store.listOlderThan('mail/', new Date(Date.now() + DAY_MS));
    expect(mails).toHaveLength(1);
    const [row] = await replicas[0].app
      .get(DataSource)
      .query('SELECT status, attempts FROM notifications WHERE dedupe_key = ?', [message.dedupeKey]);
    expect({ status: row.status, attempts: Number(row.attempts) }).toEqual({ status: 'sent', attempts: 1 });
  });
});
