import type { DynamicModule, Type } from '@nestjs/common';
import type { RunningApp } from '../utils';
import { createInstitution, expectStatus, isolateTestFile, seed, startApp, targetsClient, waitFor } from '../utils';
import { importClient, notificationsClient, templateExportClient } from '../utils';
import { TARGETS_APP, TargetsAppModule } from '../../apps/targets/src/targets-app.module';
import { IMPORT_APP, ImportAppModule } from '../../apps/import/src/import-app.module';
import { ImportLostJobs } from '../../apps/import/src/import-lost-jobs.service';
import { ImportProcessor } from '../../apps/import/src/import.processor';
import { NOTIFICATIONS_APP, NotificationsAppModule } from '../../apps/notifications/src/notifications-app.module';
import { NotificationsProcessor } from '../../apps/notifications/src/notifications.processor';
import { ExportCleanupService } from '../../apps/template-export/src/export-cleanup.service';
import { ExportLostJobs } from '../../apps/template-export/src/export-lost-jobs.service';
import { TemplateExportProcessor } from '../../apps/template-export/src/template-export.processor';
import {
  TEMPLATE_EXPORT_APP,
  TemplateExportAppModule,
} from '../../apps/template-export/src/template-export-app.module';
import { csvBytes, parseCsv, runImport, unzipSingle } from '../../apps/import/test/import-helpers';

/** APP_ROLE: an api replica queues jobs and runs none, a worker replica runs them and answers only /health. */
describe('app roles (APP_ROLE=api|worker)', () => {
  isolateTestFile();
  const started: RunningApp[] = [];
  const start = async (module: Type<unknown> | DynamicModule, description: typeof IMPORT_APP) => {
    const app = await startApp(module, description);
    started.push(app);
    return app;
  };
  let targets: RunningApp;
  const exporter = {} as Record<'api' | 'worker', RunningApp>;
  const importer = {} as Record<'api' | 'worker', RunningApp>;
  const notifier = {} as Record<'api' | 'worker', RunningApp>;

  beforeAll(async () => {
    targets = await start(TargetsAppModule, TARGETS_APP);
    for (const role of ['api', 'worker'] as const) {
      exporter[role] = await start(TemplateExportAppModule.forRole(role), TEMPLATE_EXPORT_APP);
      importer[role] = await start(ImportAppModule.forRole(role), IMPORT_APP);
      notifier[role] = await start(NotificationsAppModule.forRole(role), NOTIFICATIONS_APP);
    }
  }, 60000);

  afterAll(async () => {
    for (const app of started.reverse()) await app.close();
  });

  it('/health says which role runs (the targets app has none)', async () => {
    for (const role of ['api', 'worker'] as const) {
      expect(expectStatus(await templateExportClient(exporter[role].url).GET('/health'), 200).role).toBe(role);
      expect(expectStatus(await importClient(importer[role].url).GET('/health'), 200).role).toBe(role);
      expect(expectStatus(await notificationsClient(notifier[role].url).GET('/health'), 200).role).toBe(role);
    }
    expect(expectStatus(await targetsClient(targets.url).GET('/health'), 200).role).toBeUndefined();
  });

  it('an api replica has no processor or scheduler, a worker no API route', async () => {
    for (const worker of [TemplateExportProcessor, ExportLostJobs, ExportCleanupService])
      expect(() => exporter.api.app.get(worker)).toThrow();
    for (const worker of [ImportProcessor, ImportLostJobs]) expect(() => importer.api.app.get(worker)).toThrow();
    expect(() => notifier.api.app.get(NotificationsProcessor)).toThrow();
    expect(exporter.worker.app.get(TemplateExportProcessor)).toBeDefined();
    expect(importer.worker.app.get(ImportProcessor)).toBeDefined();
    expect(notifier.worker.app.get(NotificationsProcessor)).toBeDefined();

    const { apiKey } = await createInstitution(targets.url);
    const onWorker = await templateExportClient(exporter.worker.url, apiKey).GET('/template-exports/{id}', {
      params: { path: { id: 1 } },
    });
    expect(onWorker.response.status).toBe(404);
    expect((onWorker.error as { code?: string }).code).not.toBe('EXPORT_NOT_FOUND');
  });

  it('a template asked of the api is built by the worker, and its import validated by the import worker', async () => {
    const { apiKey } = await createInstitution(targets.url);
    await seed(targets.url, apiKey, {
      authorizations: ['NEWSLETTER'],
      contacts: [0, 1, 2].map((i) => ({ firstName: 'Ana', lastName: `Role${'abc'[i]}`, email: `r${i}@example.org` })),
    });
    const target = expectStatus(
      await targetsClient(targets.url, apiKey).POST('/targets', { body: { name: 'all', rule: { all: [] } } }),
      201,
    );
    const exports = templateExportClient(exporter.api.url, apiKey);
    const { id } = expectStatus(
      await exports.POST('/template-exports', { body: { dataType: 'authorizations', targetId: target.id } }),
      202,
    );
    await waitFor(async () => {
      const view = expectStatus(await exports.GET('/template-exports/{id}', { params: { path: { id } } }), 200);
      return view.status === 'completed' ? view : undefined;
    }, 'the export, built by the worker replica');
    const zip = expectStatus(
      await exports.GET('/template-exports/{id}/file', { params: { path: { id } }, parseAs: 'arrayBuffer' }),
      200,
    );
    const [header, ...rows] = await parseCsv(await unzipSingle(Buffer.from(zip)));
    const newColumn = header.indexOf('[new] NEWSLETTER');
    expect(newColumn).toBeGreaterThan(-1);
    for (const row of rows) row[newColumn] = 'TRUE';
    const done = await runImport(importer.api.url, apiKey, await csvBytes(header, rows), {
      dataType: 'authorizations',
      mode: 'validate',
    });
    expect(done.status).toBe('validated');
  });
});
