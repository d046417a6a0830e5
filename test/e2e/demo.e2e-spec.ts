import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_ADMIN_API_KEY } from '@app/common';
import { IMPORT_APP, ImportAppModule } from '../../apps/import/src/import-app.module';
import { NOTIFICATIONS_APP, NotificationsAppModule } from '../../apps/notifications/src/notifications-app.module';
import { TARGETS_APP, TargetsAppModule } from '../../apps/targets/src/targets-app.module';
import {
  TEMPLATE_EXPORT_APP,
  TemplateExportAppModule,
} from '../../apps/template-export/src/template-export-app.module';
import { runDemo } from '../../scripts/demo';
import type { RunningApp } from '../utils';
import { checkedClientFactories, isolateTestFile, startApp } from '../utils';

/** `npm run demo` keeps working as the apps change: the same code, against the four apps, on a small institution. */
describe('npm run demo', () => {
  let apps: RunningApp[] = [];

  afterAll(() => Promise.all(apps.map((app) => app.close())));

  it('walks the whole flow: template, edits, validate, apply, report, e-mails', async () => {
    const { filesDir } = isolateTestFile();
    delete process.env.SMTP_URL;
    apps = await Promise.all([
      startApp(TargetsAppModule, TARGETS_APP),
      startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP),
      startApp(ImportAppModule, IMPORT_APP),
      startApp(NotificationsAppModule, NOTIFICATIONS_APP),
    ]);
    const [targets, templateExport, imports, notifications] = apps.map((app) => app.url);
    let story = '';
    const result = await runDemo({
      urls: { targets, templateExport, import: imports, notifications },
      adminKey: DEV_ADMIN_API_KEY,
      email: 'demo@example.org',
      contacts: 200,
      outDir: mkdtempSync(join(tmpdir(), 'cmu-demo-')),
      mailLocation: join(filesDir, 'mail'),
      write: (text) => void (story += text),
      tty: false,
      clients: checkedClientFactories,
    });

    expect(result.targetCount).toBeGreaterThan(10);
    expect(result.exportRows).toBe(result.targetCount);
    expect(result.validated).toMatchObject({
      status: 'validated',
      counts: { rows: result.targetCount, errorRows: 2, applied: 0 },
    });
    // Every cell the demo says it changed is one change, no more, no less.
    expect(result.edits).toBeGreaterThan(0);
    expect(result.validated.counts.changes).toBe(result.edits);
    expect(result.applied).toMatchObject({
      status: 'completed',
      counts: { errorRows: 2, applied: result.validated.counts.changes },
    });
    expect(result.report).toContain('INVALID_BOOLEAN');
    expect(result.mails.map((mail) => mail.type).sort()).toEqual([
      'import.completed',
      'import.completed',
      'template-export.completed',
    ]);
    expect(result.mails.every((mail) => mail.status === 'sent')).toBe(true);
    expect(story).toContain(`written as .eml files under ${join(filesDir, 'mail')}`);
  });
});
