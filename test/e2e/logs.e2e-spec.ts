import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DEV_ADMIN_API_KEY, setLogDestination } from '@app/common';
import { IMPORT_APP, ImportAppModule } from '../../apps/import/src/import-app.module';
import { NOTIFICATIONS_APP, NotificationsAppModule } from '../../apps/notifications/src/notifications-app.module';
import { TARGETS_APP, TargetsAppModule } from '../../apps/targets/src/targets-app.module';
import {
  TEMPLATE_EXPORT_APP,
  TemplateExportAppModule,
} from '../../apps/template-export/src/template-export-app.module';
import { runDemo } from '../../scripts/demo';
import type { RunningApp } from '../utils';
import { checkedClientFactories, clientsFor, expectStatus, isolateTestFile, startApp } from '../utils';

const EMAIL = 'logs.watcher@example.org';

/** The signed links of the e-mails written as .eml files (quoted-printable undone). */
function linksIn(mailDir: string, kind: 'downloads' | 'reports'): string[] {
  const text = readdirSync(mailDir)
    .filter((name) => name.endsWith('.eml'))
    .map((name) => readFileSync(join(mailDir, name), 'utf8'))
    .join('\n')
    .replace(/=\r?\n/g, '')
    .replace(/=3D/gi, '=');
  return [...new Set(text.match(new RegExp(`/${kind}/[A-Za-z0-9._~-]+`, 'g')) ?? [])];
}

/** A whole run's log (the four apps, pino as under `npm start`) holds no token, no address and no SQL. */
describe('logs', () => {
  let apps: RunningApp[] = [];
  let log = '';

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    setLogDestination(undefined);
  });

  it('redact the signed links, the e-mail addresses and the SQL of an export, an import and their e-mails', async () => {
    const { filesDir } = isolateTestFile({ LOG_LEVEL: 'log' });
    delete process.env.SMTP_URL;
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => void (log += chunk.toString('utf8')));
    setLogDestination(stream);
    apps = await Promise.all([
      startApp(TargetsAppModule, TARGETS_APP, { pinoLogs: true }),
      startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP, { pinoLogs: true }),
      startApp(ImportAppModule, IMPORT_APP, { pinoLogs: true }),
      startApp(NotificationsAppModule, NOTIFICATIONS_APP, { pinoLogs: true }),
    ]);
    const [targets, templateExport, imports, notifications] = apps.map((app) => app.url);
    const result = await runDemo({
      urls: { targets, templateExport, import: imports, notifications },
      adminKey: DEV_ADMIN_API_KEY,
      email: EMAIL,
      contacts: 20,
      outDir: mkdtempSync(join(tmpdir(), 'cmu-logs-')),
      mailLocation: join(filesDir, 'mail'),
      write: () => undefined,
      tty: false,
      clients: checkedClientFactories,
    });
    expect(result.mails.every((mail) => mail.status === 'sent')).toBe(true);

    // Follow the links of the e-mails, as their recipient would.
    const mailDir = join(filesDir, 'mail');
    const downloads = linksIn(mailDir, 'downloads');
    const reports = linksIn(mailDir, 'reports');
    expect(downloads.length).toBeGreaterThan(0);
    expect(reports.length).toBeGreaterThan(0);
    const byLink = clientsFor({ exports: templateExport, imports });
    const tokenOf = (path: string) => path.split('/')[2];
    for (const path of downloads) {
      const params = { path: { token: tokenOf(path) } };
      expectStatus(await byLink.exports.GET('/downloads/{token}', { params, parseAs: 'arrayBuffer' }), 200);
    }
    for (const path of reports) {
      const params = { path: { token: tokenOf(path) } };
      expectStatus(await byLink.imports.GET('/reports/{token}', { params, parseAs: 'arrayBuffer' }), 200);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));

    const tokens = [...downloads, ...reports].map(tokenOf);
    for (const token of tokens) expect(log).not.toContain(token);
    expect(log.toLowerCase()).not.toContain(EMAIL);
    expect(log.toLowerCase()).not.toContain('logs.watcher');
    // No query text, hence no parameters: the address above is one of them (template exports, the outbox).
    expect(log).not.toMatch(/\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b/);
    expect(log).not.toMatch(/"parameters"|PARAMETERS:/i);

    // Not hollow: the links were requested and logged, the e-mails written and logged, in their redacted forms.
    expect(log).toContain('/downloads/[redacted]');
    expect(log).toContain('/reports/[redacted]');
    expect(log).toContain('e-mail to a recipient at example.org written to');
  });
});
