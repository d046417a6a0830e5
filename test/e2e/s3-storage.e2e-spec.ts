import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer, text } from 'node:stream/consumers';
import { DEV_ADMIN_API_KEY, loadConfig } from '@app/common';
import type { FileStore, S3FileStore } from '@app/storage';
import { storeFromConfig } from '@app/storage';
import { IMPORT_APP, ImportAppModule } from '../../apps/import/src/import-app.module';
import { NOTIFICATIONS_APP, NotificationsAppModule } from '../../apps/notifications/src/notifications-app.module';
import { TARGETS_APP, TargetsAppModule } from '../../apps/targets/src/targets-app.module';
import {
  TEMPLATE_EXPORT_APP,
  TemplateExportAppModule,
} from '../../apps/template-export/src/template-export-app.module';
import type { DemoResult } from '../../scripts/demo';
import { runDemo } from '../../scripts/demo';
import type { RunningApp } from '../utils';
import { bodyOf, checkedClientFactories, clientsFor, expectStatus, isolateTestFile, startApp } from '../utils';
import { upload } from '../../apps/import/test/import-helpers';
import type { TestS3Server } from '../utils/s3-server';
import { startS3Server } from '../utils/s3-server';

/**
 * The whole flow with the s3 driver, against an s3rver this file starts: export → download → edit → validate →
 * apply → report → e-mails (the demo), every file in the bucket and none on a local disk.
 */
describe('files in S3 (s3rver)', () => {
  let s3: TestS3Server;
  let apps: RunningApp[] = [];
  let store: FileStore;
  let demo: DemoResult;

  beforeAll(async () => {
    s3 = await startS3Server();
    // FILES_DIR where nothing can be written: a file that missed the store would fail the run.
    isolateTestFile({ ...s3.env('e2e/'), SMTP_URL: '', FILES_DIR: '/proc/cmu-no-files-here' });
    store = storeFromConfig(loadConfig());
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    (store as S3FileStore | undefined)?.destroy();
    await s3?.close();
  });

  it('runs export, download, validate, apply, report and e-mails with every file in the bucket', async () => {
    apps = await Promise.all([
      startApp(TargetsAppModule, TARGETS_APP),
      startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP),
      startApp(ImportAppModule, IMPORT_APP),
      startApp(NotificationsAppModule, NOTIFICATIONS_APP),
    ]);
    const [targets, templateExport, imports, notifications] = apps.map((app) => app.url);
    let story = '';
    const result = (demo = await runDemo({
      urls: { targets, templateExport, import: imports, notifications },
      adminKey: DEV_ADMIN_API_KEY,
      email: 'demo@example.org',
      contacts: 200,
      outDir: mkdtempSync(join(tmpdir(), 'cmu-s3-demo-')),
      mailLocation: `${s3.env('e2e/').STORAGE_URL}mail`,
      clients: checkedClientFactories,
      write: (line) => void (story += line),
      tty: false,
    }));
    expect(result.applied).toMatchObject({ status: 'completed', counts: { errorRows: 2 } });
    expect(result.mails.map((mail) => [mail.type, mail.status]).sort()).toEqual([
      ['import.completed', 'sent'],
      ['import.completed', 'sent'],
      ['template-export.completed', 'sent'],
    ]);
    expect(story).toContain(`written as .eml files under s3://${s3.bucket}/e2e/mail`);

    // Every kind of file is in the bucket, under the keys the rows and messages carry.
    const keys = (await store.listOlderThan('', new Date(Date.now() + 60_000))).map((entry) => entry.key).sort();
    const zipKey = `exports/${result.exportId}-`;
    expect(keys.filter((key) => key.startsWith(zipKey))).toHaveLength(1);
    expect(keys.filter((key) => /^imports\/.+\.upload$/.test(key))).toHaveLength(1);
    expect(keys).toContain(`reports/import-${result.importId}.csv`);
    expect(keys.filter((key) => /^mail\/.+\.eml$/.test(key))).toHaveLength(3);

    // The zip streams from the bucket through the API-key route and through the e-mail's signed link, unchanged.
    const stored = await buffer(await store.read(keys.find((key) => key.startsWith(zipKey))!));
    const clients = clientsFor({ exports: templateExport, imports }, result.apiKey);
    const params = { path: { id: result.exportId } };
    const byKey = await clients.exports.GET('/template-exports/{id}/file', { params, parseAs: 'arrayBuffer' });
    expect(Buffer.from(expectStatus(byKey, 200)).equals(stored)).toBe(true);
    expect(byKey.response.headers.get('content-length')).toBe(String(stored.length));
    const mail = await text(await store.read(keys.find((key) => /template-export\.completed\.eml$/.test(key))!));
    const token = /\/downloads\/([A-Za-z0-9._~-]+)/.exec(mail.replace(/=\r?\n/g, '').replace(/=3D/gi, '='))![1];
    const byLink = await clientsFor({ exports: templateExport }).exports.GET('/downloads/{token}', {
      params: { path: { token } },
      parseAs: 'arrayBuffer',
    });
    expect(Buffer.from(expectStatus(byLink, 200)).equals(stored)).toBe(true);

    // /health says the store answers.
    const health = expectStatus(await clients.imports.GET('/health'), 200);
    expect(health.details).toMatchObject({ storage: { status: 'up' } });
  });

  it('redirects a download to a presigned URL of the bucket with S3_PRESIGNED_DOWNLOADS=true', async () => {
    process.env.S3_PRESIGNED_DOWNLOADS = 'true';
    const presigning = await startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP);
    apps.push(presigning);
    delete process.env.S3_PRESIGNED_DOWNLOADS;
    const { exports } = clientsFor({ exports: presigning }, demo.apiKey);
    const answer = await exports.GET('/template-exports/{id}/file', {
      params: { path: { id: demo.exportId } },
      parseAs: 'stream',
      redirect: 'manual',
    });
    expect(answer.response.status).toBe(302);
    const location = answer.response.headers.get('location')!;
    expect(location).toMatch(
      new RegExp(`^${s3.endpoint}/${s3.bucket}/e2e/exports/${demo.exportId}-.+X-Amz-Signature=`),
    );
    const [zip] = await store.listOlderThan(`exports/`, new Date(Date.now() + 60_000));
    const presigned = new URL(location);
    const fromBucket = await fetch(`${s3.endpoint}${presigned.pathname}${presigned.search}`);
    expect(fromBucket.status).toBe(200);
    expect(Buffer.from(await fromBucket.arrayBuffer()).equals(await buffer(await store.read(zip.key)))).toBe(true);
  });

  it('says on /health that the store is down during an outage, and refuses an upload without recording it', async () => {
    const imports = apps[2].url;
    const { imports: client } = clientsFor({ imports }, demo.apiKey);
    const before = expectStatus(await client.GET('/imports'), 200).length;
    await s3.pause();
    try {
      const health = await client.GET('/health');
      expect(health.response.status).toBe(503);
      expect(bodyOf(health).message).toMatch(/^Not ready: storage \(S3_ENDPOINT: /);
      const refused = await upload(imports, demo.apiKey, Buffer.from('contact_id\r\n'), {
        dataType: 'criteria',
        mode: 'validate',
      });
      expect(refused.response.status).toBeGreaterThanOrEqual(500);
    } finally {
      await s3.resume();
    }
    expect(expectStatus(await client.GET('/health'), 200).status).toBe('ok');
    expect(expectStatus(await client.GET('/imports'), 200)).toHaveLength(before);
  });
});
