import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { simpleParser } from 'mailparser';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { hashApiKey, newApiKey } from '@app/common';
import { insertInstitution } from '@app/database';
import { NotificationJobs, QueueName } from '@app/queues';
import type { RunningApp } from '../../../test/utils';
import { expectStatus, isolateTestFile, notificationsClient, startApp, waitFor } from '../../../test/utils';
import { NOTIFICATIONS_APP, NotificationsAppModule } from '../src/notifications-app.module';
import { exportCompleted } from './sample-messages';

describe('notifications app without SMTP_URL', () => {
  let notifications: RunningApp;
  let filesDir: string;

  beforeAll(async () => {
    ({ filesDir } = isolateTestFile({ SMTP_URL: '', NOTIFICATION_RETRY_DELAY_MS: '200' }));
    notifications = await startApp(NotificationsAppModule, NOTIFICATIONS_APP);
  });
  afterAll(() => notifications?.close());

  it('writes each e-mail as a real .eml file under mail/ in the file store and marks it sent', async () => {
    const key = newApiKey();
    const institutionId = await insertInstitution(notifications.app.get(DataSource), {
      code: `EML${Date.now()}`,
      name: 'Eml test',
      apiKeyHash: hashApiKey(key),
    });
    const zip = Buffer.from('PK\u0003\u0004 not really a zip, but bytes to attach');
    mkdirSync(join(filesDir, 'exports/5'), { recursive: true });
    writeFileSync(join(filesDir, 'exports/5/t.zip'), zip);
    const queue = notifications.app.get<Queue>(getQueueToken(QueueName.Notifications));
    await new NotificationJobs(queue).send(
      exportCompleted({
        institutionId,
        to: 'eml@example.com',
        locale: 'en',
        filePath: 'exports/5/t.zip',
        fileName: 't.zip',
        fileSize: zip.length,
      }),
    );

    const mailDir = join(filesDir, 'mail');
    const file = await waitFor(
      async () => {
        try {
          return readdirSync(mailDir).find((name) => name.endsWith('.eml'));
        } catch {
          return undefined;
        }
      },
      'an .eml file',
      20000,
      50,
    );
    const mail = await simpleParser(readFileSync(join(mailDir, file)));
    expect(mail.subject).toBe('Your import template "Jazz lovers" is ready (2,000 contacts)');
    expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@contact-mass-update>$/);
    expect(mail.text).toContain('is attached to this message');
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['t.zip']);
    expect(Buffer.compare(mail.attachments[0].content, zip)).toBe(0);

    const outbox = notificationsClient(notifications.url, key);
    const rows = await waitFor(async () => {
      const sent = expectStatus(await outbox.GET('/notifications', { params: { query: { status: 'sent' } } }), 200);
      return sent.length ? sent : undefined;
    }, 'the sent row');
    expect(rows).toMatchObject([{ to: 'eml@example.com', status: 'sent', attempts: 1, error: null }]);
  });
});
