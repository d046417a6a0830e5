import { templateHeader } from '@app/csv-schema';
import type { RunningApp } from '../utils';
import { clientsFor, createInstitution, expectStatus, isolateTestFile, seed, startApp, waitFor } from '../utils';
import { TARGETS_APP, TargetsAppModule } from '../../apps/targets/src/targets-app.module';
import {
  TEMPLATE_EXPORT_APP,
  TemplateExportAppModule,
} from '../../apps/template-export/src/template-export-app.module';
import { IMPORT_APP, ImportAppModule } from '../../apps/import/src/import-app.module';
import { NOTIFICATIONS_APP, NotificationsAppModule } from '../../apps/notifications/src/notifications-app.module';
import { csvBytes, runImport } from '../../apps/import/test/import-helpers';

/** The e-mails of a real export and a real import name them, through the producers and the queue. */
describe('notifications name the export or the import they are about', () => {
  let apps: RunningApp[];
  let urls: { targets: string; exports: string; imports: string; notifications: string };

  beforeAll(async () => {
    isolateTestFile();
    apps = [
      await startApp(TargetsAppModule, TARGETS_APP),
      await startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP),
      await startApp(ImportAppModule, IMPORT_APP),
      await startApp(NotificationsAppModule, NOTIFICATIONS_APP),
    ];
    const [targets, exports, imports, notifications] = apps.map((app) => app.url);
    urls = { targets, exports, imports, notifications };
  });
  afterAll(async () => {
    for (const app of apps ?? []) await app.close();
  });

  it('gives each e-mail its exportId or importId, and lists them by it', async () => {
    const { apiKey } = await createInstitution(urls.targets);
    const { contactIds } = await seed(urls.targets, apiKey, {
      criteria: [{ code: 'CITY', multiValued: false, values: ['LILLE', 'PARIS'] }],
      contacts: [{ firstName: 'Ana', lastName: 'Martin', email: 'ana@example.org' }],
    });
    const { targets, exports, notifications } = clientsFor(urls, apiKey);
    const target = expectStatus(await targets.POST('/targets', { body: { name: 'All', rule: { all: [] } } }), 201);
    const exported = expectStatus(
      await exports.POST('/template-exports', {
        body: { dataType: 'criteria', targetId: target.id, email: 'export-mail@example.org' },
      }),
      202,
    );
    const file = await csvBytes(templateHeader('criteria', ['CITY']), [
      [String(contactIds[0]), 'Martin', 'Ana', 'ana@example.org', '', 'LILLE'],
    ]);
    const imported = await runImport(urls.imports, apiKey, file, {
      dataType: 'criteria',
      mode: 'validate',
      email: 'import-mail@example.org',
    });

    const sent = await waitFor(async () => {
      const rows = expectStatus(await notifications.GET('/notifications'), 200);
      return rows.length === 2 ? rows : undefined;
    }, 'the e-mails of the export and the import');
    expect(sent.map((row) => [row.to, row.type, row.exportId, row.importId]).sort()).toEqual([
      ['export-mail@example.org', 'template-export.completed', exported.id, null],
      ['import-mail@example.org', 'import.completed', null, imported.id],
    ]);
    const byExport = expectStatus(
      await notifications.GET('/notifications', { params: { query: { exportId: exported.id } } }),
      200,
    );
    expect(byExport.map((row) => row.to)).toEqual(['export-mail@example.org']);
    const byImport = expectStatus(
      await notifications.GET('/notifications', { params: { query: { importId: imported.id } } }),
      200,
    );
    expect(byImport.map((row) => row.to)).toEqual(['import-mail@example.org']);
  });
});
