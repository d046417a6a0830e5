import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uploadImport } from '@app/api-client';
import type { Clients, RunningApp } from '../utils';
import { ADMIN_KEY, clientsFor, expectStatus, isolateTestFile, startApp, targetsClient, waitFor } from '../utils';
import { findOperation, requestExample, runExample, seedExamples } from '../../scripts/openapi-examples';
import { TARGETS_APP, TargetsAppModule } from '../../apps/targets/src/targets-app.module';
import {
  TEMPLATE_EXPORT_APP,
  TemplateExportAppModule,
} from '../../apps/template-export/src/template-export-app.module';
import { IMPORT_APP, ImportAppModule } from '../../apps/import/src/import-app.module';
import { NOTIFICATIONS_APP, NotificationsAppModule } from '../../apps/notifications/src/notifications-app.module';

const APP_NAMES = ['targets', 'template-export', 'import', 'notifications'] as const;
const documents = Object.fromEntries(
  APP_NAMES.map((name) => [
    name,
    JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi', `${name}.json`), 'utf8')),
  ]),
) as Record<(typeof APP_NAMES)[number], Record<string, any>>;

/** Operations whose success needs what no example can hold; each is tested where named. */
const NOT_RUN: Record<string, string> = {
  cancelImport: 'succeeds only while an import runs (apps/import/test/import-lifecycle.e2e-spec.ts)',
  downloadTemplateExportByLink:
    'needs the signed link of an e-mail (apps/template-export/test/template-export.e2e-spec.ts)',
  downloadImportReport: 'needs the signed link of an e-mail (apps/import/test/import.e2e-spec.ts)',
};

/**
 * Every request example of openapi/*.json, sent as Swagger UI sends it (scripts/openapi-examples.ts) to a new
 * institution holding the codes the examples use (seedExamples, as `npm run seed:examples`), answers its documented
 * success status. Only ids are filled in: records this test made, never one it did not.
 */
describe('the documented request examples', () => {
  let apps: Record<'targets' | 'exports' | 'imports' | 'notifications', RunningApp>;
  let clients: Clients;
  const ran = new Set<string>();

  const run = async (client: unknown, app: keyof typeof documents, operationId: string, call = {}) => {
    const data = await runExample(client as never, documents[app], operationId, call);
    ran.add(operationId);
    return data;
  };

  beforeAll(async () => {
    isolateTestFile();
    const [targets, exports, imports, notifications] = await Promise.all([
      startApp(TargetsAppModule, TARGETS_APP),
      startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP),
      startApp(ImportAppModule, IMPORT_APP),
      startApp(NotificationsAppModule, NOTIFICATIONS_APP),
    ]);
    apps = { targets, exports, imports, notifications };
  });

  afterAll(async () => {
    await Promise.all(Object.values(apps ?? {}).map((app) => app.close()));
  });

  it('run as given on the seeded institution, each with its documented success', async () => {
    // The institution example works once per database: this test's database is new.
    const institution = await run(targetsClient(apps.targets.url, ADMIN_KEY), 'targets', 'createInstitution');
    clients = clientsFor(apps, institution.apiKey);
    const { targets, exports, imports, notifications } = clients;

    const seeded = await seedExamples(targets as never, documents.targets);
    for (const operationId of [
      'createCriterion',
      'createAuthorization',
      'createContact',
      'createContactsBulk',
      'createTarget',
    ])
      ran.add(operationId);
    expect(await run(targets, 'targets', 'previewTarget', { path: { id: seeded.targetId } })).toMatchObject({
      count: 2,
    });
    await run(targets, 'targets', 'listAuthorizations');
    await run(targets, 'targets', 'listCriteria');
    await run(targets, 'targets', 'addCriterionValues', { path: { code: seeded.criterionCode } });
    await run(targets, 'targets', 'listCriterionValues', { path: { code: seeded.criterionCode } });
    await run(targets, 'targets', 'getContact', { path: { id: seeded.contactId } });
    await run(targets, 'targets', 'searchContacts');
    await run(targets, 'targets', 'listTargets');
    await run(targets, 'targets', 'listApiKeys');
    // DELETE on a key of the test's own, made from the example.
    const key = await run(targets, 'targets', 'createApiKey');
    await run(targets, 'targets', 'revokeApiKey', { path: { id: key.id } });
    await run(targets, 'targets', 'getTarget', { path: { id: seeded.targetId } });
    await run(targets, 'targets', 'updateTarget', { path: { id: seeded.targetId } });
    // DELETE on a target of the test's own, made from the same example.
    const doomed = await runExample(targets as never, documents.targets, 'createTarget');
    await run(targets, 'targets', 'deleteTarget', { path: { id: doomed.id } });

    for (const [app, client] of [
      ['targets', targets],
      ['template-export', exports],
      ['import', imports],
      ['notifications', notifications],
    ] as const)
      await runExample(client as never, documents[app], 'getHealth');
    ran.add('getHealth');

    // The export example with the one id it needs: the seeded target's.
    const created = await run(exports, 'template-export', 'createTemplateExport', {
      edit: (body: { targetId: number }) => ({ ...body, targetId: seeded.targetId }),
    });
    const exportPath = { id: created.id };
    await run(exports, 'template-export', 'getTemplateExport', { path: exportPath });
    await run(exports, 'template-export', 'listTemplateExports');
    await waitFor(async () => {
      const { data } = await exports.GET('/template-exports/{id}', { params: { path: exportPath } });
      return data?.status === 'completed' ? data : undefined;
    }, 'the export to complete');
    ran.add('downloadTemplateExport');
    const zip = await exports.GET('/template-exports/{id}/file', {
      params: { path: exportPath },
      parseAs: 'arrayBuffer',
    });
    expect(zip.response.status).toBe(200);

    // POST /imports is a form: the fields Swagger UI pre-fills (examples and defaults), and the file just exported.
    const fields = multipartExample(documents.import, 'createImport');
    expect(fields).toMatchObject({ mode: 'validate' });
    const upload = expectStatus(
      await uploadImport(imports, fields as never, {
        data: new Uint8Array(zip.data as ArrayBuffer),
        name: 'template.zip',
      }),
      202,
    );
    ran.add('createImport');
    const importPath = { id: upload.id };
    const settled = () =>
      waitFor(async () => {
        const { data } = await imports.GET('/imports/{id}', { params: { path: importPath } });
        return data && !['queued', 'running'].includes(data.status) ? data.status : undefined;
      }, 'the import to finish');
    expect(await settled()).toBe('validated');
    await run(imports, 'import', 'getImport', { path: importPath });
    await run(imports, 'import', 'listImports');
    await run(imports, 'import', 'getImportReport', { path: importPath });
    await run(imports, 'import', 'applyImport', { path: importPath });
    expect(await settled()).toBe('completed');
    await run(imports, 'import', 'revertImport', { path: importPath });

    await run(notifications, 'notifications', 'listNotifications');

    const all = APP_NAMES.flatMap((app) =>
      Object.values(documents[app].paths).flatMap((item: any) => Object.values(item).map((op: any) => op.operationId)),
    );
    expect([...new Set(all)].filter((id) => !ran.has(id) && !NOT_RUN[id])).toEqual([]);
  });
});

/** The fields of a multipart form as Swagger UI pre-fills them: those with an example or a default, no file. */
function multipartExample(document: Record<string, any>, operationId: string): Record<string, unknown> {
  const media = findOperation(document, operationId).operation.requestBody.content['multipart/form-data'];
  const ref: string = media.schema.$ref;
  const schema = document.components.schemas[ref.split('/').pop() as string];
  const filled = Object.entries<any>(schema.properties)
    .filter(([, property]) => property.format !== 'binary')
    .map(([name, property]) => [name, property.example ?? property.default])
    .filter(([, value]) => value !== undefined);
  expect(requestExample(document, operationId)).toBeUndefined();
  return Object.fromEntries(filled);
}
