import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataSource } from 'typeorm';
import type { NotificationsComponents, NotificationsPaths } from '@app/api-client';
import { hashApiKey, newApiKey } from '@app/common';
import { insertInstitution } from '@app/database';
import type { NotificationMessage } from '@app/queues';
import { JobName, NotificationJobs, QueueName } from '@app/queues';
import type { RunningApp } from '../../../test/utils';
import { bodyOf, isolateTestFile, notificationsClient, startApp, waitFor } from '../../../test/utils';
import { NOTIFICATIONS_APP, NotificationsAppModule } from '../src/notifications-app.module';
import { exportCompleted, exportFailed, importCompleted, importFailed } from './sample-messages';
import type { Refusal } from './smtp-capture';
import { SmtpCapture } from './smtp-capture';

const ATTEMPTS = 4;
const ATTACHMENT_LIMIT = 2048;

type OutboxRow = NotificationsComponents['schemas']['NotificationResponse'];
type OutboxQuery = NonNullable<NotificationsPaths['/notifications']['get']['parameters']['query']>;

interface Tenant {
  id: number;
  key: string;
}

describe('notifications app: e-mails through a real SMTP server', () => {
  const smtp = new SmtpCapture();
  let notifications: RunningApp;
  let queue: Queue;
  let filesDir: string;
  let tenant: Tenant;
  let other: Tenant;

  beforeAll(async () => {
    await smtp.start();
    ({ filesDir } = isolateTestFile({
      SMTP_URL: smtp.url,
      NOTIFICATION_RETRY_DELAY_MS: '200',
      NOTIFICATION_ATTEMPTS: String(ATTEMPTS),
      MAIL_ATTACHMENT_MAX_BYTES: String(ATTACHMENT_LIMIT),
    }));
    notifications = await startApp(NotificationsAppModule, NOTIFICATIONS_APP);
    queue = notifications.app.get<Queue>(getQueueToken(QueueName.Notifications));
    const dataSource = notifications.app.get(DataSource);
    tenant = await createInstitution(dataSource);
    other = await createInstitution(dataSource);
  });

  afterAll(async () => {
    await notifications?.close();
    await smtp.stop();
  });

  /** A file the producing app would have written in the file store (its directory here). */
  function writeFile(relative: string, size: number): Buffer {
    const content = randomBytes(size);
    mkdirSync(dirname(join(filesDir, relative)), { recursive: true });
    writeFileSync(join(filesDir, relative), content);
    return content;
  }

  const list = (query: OutboxQuery = {}, key = tenant.key) =>
    notificationsClient(notifications.url, key).GET('/notifications', { params: { query } });

  async function outboxRow(to: string, check: (row: OutboxRow) => boolean = () => true, timeoutMs = 20000) {
    return waitFor(
      async () => {
        const res = await list({ to });
        expect(res.response.status).toBe(200);
        return res.data!.find(check);
      },
      `the outbox row of ${to}`,
      timeoutMs,
      50,
    );
  }

  async function send(message: NotificationMessage): Promise<void> {
    await new NotificationJobs(queue).send(message);
  }

  it('sends a ready template in French, HTML and text, with the small zip attached', async () => {
    const zip = writeFile('exports/1/jazz.zip', 1000);
    const to = 'fr-small@example.com';
    await send(
      exportCompleted({
        institutionId: tenant.id,
        to,
        filePath: 'exports/1/jazz.zip',
        fileName: 'jazz.zip',
        fileSize: zip.length,
      }),
    );

    const mail = await smtp.waitForMail(to);
    expect(mail.subject).toBe(`Votre modèle d'import « Jazz lovers » est prêt (2\u202f000 contacts)`);
    expect(mail.from?.text).toContain('no-reply@localhost');
    expect(mail.text).toContain('Le fichier jazz.zip');
    expect(mail.text).toContain('est joint à ce message');
    expect(mail.text).toContain('http://localhost:3002/downloads/abc.def');
    expect(mail.text).toContain("importez-le d'abord pour le faire vérifier");
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.html).toContain('<strong>[new]</strong>');
    expect(mail.html).toContain('href="http://localhost:3002/downloads/abc.def"');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0].filename).toBe('jazz.zip');
    expect(mail.attachments[0].contentType).toBe('application/zip');
    expect(Buffer.compare(mail.attachments[0].content, zip)).toBe(0);

    const row = await outboxRow(to, (r) => r.status === 'sent');
    expect(row).toEqual({
      id: expect.any(Number),
      type: 'template-export.completed',
      exportId: 12,
      importId: null,
      to,
      subject: mail.subject,
      status: 'sent',
      attempts: 1,
      sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      error: null,
    });
  });

  it('sends only the link, in English, when the zip is over the attachment limit', async () => {
    writeFile('exports/2/big.zip', ATTACHMENT_LIMIT + 1);
    const to = 'en-big@example.com';
    await send(
      exportCompleted({
        institutionId: tenant.id,
        to,
        locale: 'en',
        filePath: 'exports/2/big.zip',
        fileName: 'big.zip',
        fileSize: ATTACHMENT_LIMIT + 1,
      }),
    );

    const mail = await smtp.waitForMail(to);
    expect(mail.subject).toBe('Your import template "Jazz lovers" is ready (2,000 contacts)');
    expect(mail.attachments).toHaveLength(0);
    expect(mail.text).toContain('too large to be attached');
    expect(mail.text).toContain('http://localhost:3002/downloads/abc.def');
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain('Download big.zip');
  });

  it('summarises an import with its counts and first errors, the report attached', async () => {
    const report = writeFile('imports/7/report.csv', 300);
    const to = 'import-report@example.com';
    await send(
      importCompleted({
        institutionId: tenant.id,
        to,
        locale: 'en',
        reportPath: 'imports/7/report.csv',
        reportSize: report.length,
      }),
    );

    const mail = await smtp.waitForMail(to);
    expect(mail.subject).toBe('File "jazz-lovers-criteria.csv" checked: 3 rows with errors out of 1,500');
    expect(mail.text).toContain(
      'Your file "jazz-lovers-criteria.csv" (criteria) has been checked. Nothing was changed.',
    );
    expect(mail.text).toContain('- Rows read: 1,500');
    expect(mail.text).toContain('- Valid rows: 1,497');
    expect(mail.text).toContain('- Values to change: 420');
    expect(mail.text).toContain('- Conflicts (contact changed since the export): 1');
    expect(mail.text).toContain('line 14, contact 1013, column [new] GENRE: error: JAZ is not a value of GENRE');
    expect(mail.text).toContain('… and 2 more in the report.');
    expect(mail.html).toContain('<td>[new] NEWSLETTER</td>');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['report.csv']);
    expect(Buffer.compare(mail.attachments[0].content, report)).toBe(0);

    const failedTo = 'import-failed@example.com';
    await send(importFailed({ institutionId: tenant.id, to: failedTo }));
    const failed = await smtp.waitForMail(failedTo);
    expect(failed.subject).toBe("L'import du fichier « newsletter.csv » a échoué");
    expect(failed.text).toContain('- The header has no contact_id column');
    expect(failed.attachments).toHaveLength(0);

    // A report with no problem in it (its header row only) is neither attached nor linked.
    const empty = writeFile('imports/8/report.csv', 60);
    const cleanTo = 'import-clean@example.com';
    const clean = { rows: 3, validRows: 3, errorRows: 0, changes: 2, unchanged: 1, conflicts: 0, applied: 0 };
    await send(
      importCompleted({
        institutionId: tenant.id,
        to: cleanTo,
        locale: 'en',
        counts: clean,
        firstIssues: [],
        issueCount: 0,
        reportPath: 'imports/8/report.csv',
        reportSize: empty.length,
      }),
    );
    const cleanMail = await smtp.waitForMail(cleanTo);
    expect(cleanMail.attachments).toHaveLength(0);
    expect(cleanMail.text).toContain('No row has a problem');
    expect(cleanMail.text).toContain('2 values will be updated');
  });

  it('delivers a message queued twice only once', async () => {
    const to = 'twice@example.com';
    const message = exportFailed({ institutionId: tenant.id, to });
    await send(message);
    await send(message); // same jobId: Bull keeps one job
    await outboxRow(to, (r) => r.status === 'sent');
    // The same event again under another job id (a producer retried after the job was removed):
    // the outbox row is already sent, so nothing goes out.
    const again = await queue.add(JobName.SendNotification, message, { jobId: `${message.dedupeKey}:again` });
    await expect(again.finished()).resolves.toBe('already-sent');
    expect(smtp.to(to)).toHaveLength(1);
    expect((await outboxRow(to)).attempts).toBe(1);

    // Two jobs of one event processed at the same time (the worker runs several at once).
    const racing = 'racing@example.com';
    const event = exportFailed({ institutionId: tenant.id, to: racing });
    const jobs = await Promise.all(
      ['a', 'b', 'c'].map((suffix) =>
        queue.add(JobName.SendNotification, event, { jobId: `${event.dedupeKey}:${suffix}` }),
      ),
    );
    const results = await Promise.all(jobs.map((job) => job.finished()));
    expect(results.sort()).toEqual(['already-sent', 'already-sent', 'sent']);
    expect(smtp.to(racing)).toHaveLength(1);
  });

  it('retries while the SMTP server is down, keeps the attempts and the error, and sends once when it is back', async () => {
    const to = 'retry@example.com';
    await smtp.stop();
    try {
      await send(exportFailed({ institutionId: tenant.id, to, locale: 'en' }));
      const pending = await outboxRow(to, (r) => r.attempts > 0);
      expect(pending).toMatchObject({
        status: 'pending',
        sentAt: null,
        subject: 'The import template "Jazz lovers" could not be created',
      });
      expect(pending.error).toMatch(/ECONNREFUSED/);
    } finally {
      await smtp.start();
    }
    const sent = await outboxRow(to, (r) => r.status === 'sent');
    expect(sent.attempts).toBeGreaterThan(1);
    expect(sent.error).toBeNull();
    await smtp.waitForMail(to);
    expect(smtp.to(to)).toHaveLength(1);
  });

  it('marks the mail failed once its attempts are exhausted', async () => {
    const to = 'busy@example.com';
    smtp.refuse(to, { at: 'RCPT TO', code: 451, text: '4.2.1 Mailbox busy, try again later' });
    await send(importCompleted({ institutionId: tenant.id, to, reportPath: null }));
    const row = await outboxRow(to, (r) => r.status === 'failed', 30000);
    expect(row.attempts).toBe(ATTEMPTS);
    expect(row.error).toMatch(/451/);
    expect(row.sentAt).toBeNull();
    expect(smtp.attempts(to)).toBe(ATTEMPTS);
    expect(smtp.to(to)).toHaveLength(0);
  });

  it('retries a temporary refusal (451) and delivers the mail on the next attempt', async () => {
    const to = 'busy-once@example.com';
    smtp.refuse(to, { at: 'RCPT TO', code: 451, text: '4.2.1 Mailbox busy, try again later', times: 1 });
    await send(exportFailed({ institutionId: tenant.id, to }));
    const row = await outboxRow(to, (r) => r.status === 'sent');
    expect(row).toMatchObject({ attempts: 2, error: null });
    expect(smtp.attempts(to)).toBe(2);
    expect(smtp.to(to)).toHaveLength(1);
  });

  it('fails a mail refused for good (5xx, at RCPT TO or after DATA) after one attempt, keeping the reply', async () => {
    const cases: { to: string; refusal: Refusal; reply: string }[] = [
      {
        to: 'unknown-user@example.net',
        refusal: { at: 'RCPT TO', code: 550, text: '5.1.1 mailbox unavailable' },
        reply: '550 5.1.1 mailbox unavailable',
      },
      {
        to: 'spam-trap@example.net',
        refusal: { at: 'DATA', code: 554, text: '5.7.1 message refused as spam' },
        reply: '554 5.7.1 message refused as spam',
      },
    ];
    for (const { to, refusal, reply } of cases) {
      smtp.refuse(to, refusal);
      const message = exportFailed({ institutionId: tenant.id, to });
      await send(message);
      const job = await queue.getJob(message.dedupeKey);
      await expect(job!.finished()).rejects.toThrow(reply);
      // The job has failed for good (a retry would have left it delayed): no attempt can follow.
      expect(await job!.getState()).toBe('failed');
      expect((await queue.getJob(message.dedupeKey))?.attemptsMade).toBe(1);
      expect(smtp.attempts(to)).toBe(1);
      expect(smtp.to(to)).toHaveLength(0);

      const row = await outboxRow(to);
      expect(row).toMatchObject({ status: 'failed', attempts: 1, sentAt: null });
      expect(row.error).toContain(reply);
    }
  });

  /**
   * Runs `work` while the SMTP server takes messages of `size` bytes at most (SIZE in its EHLO reply, 552 after DATA).
   */
  async function withSizeLimit(size: number, work: () => Promise<void>): Promise<void> {
    await smtp.stop();
    await smtp.start({ size });
    try {
      await work();
    } finally {
      await smtp.stop();
      await smtp.start();
    }
  }

  // With a 2,000-byte file attached the mail is about 7.6 kB, with the link only about 4.5 kB.
  const SIZE_BETWEEN = 6000;

  it('sends the link only, at once, when the mail with its file attached is refused as too large (552)', async () => {
    const zip = writeFile('exports/5/report.zip', 2000);
    const to = 'too-large@example.com';
    await withSizeLimit(SIZE_BETWEEN, async () => {
      const message = exportCompleted({
        institutionId: tenant.id,
        to,
        locale: 'en',
        filePath: 'exports/5/report.zip',
        fileName: 'report.zip',
        fileSize: zip.length,
      });
      await send(message);
      await expect((await queue.getJob(message.dedupeKey))!.finished()).resolves.toBe('sent');
    });
    // Two tries in one attempt: with the file, refused after DATA; with the link, accepted.
    expect(smtp.attempts(to)).toBe(2);
    const mails = smtp.to(to);
    expect(mails).toHaveLength(1);
    expect(mails[0].attachments).toHaveLength(0);
    expect(mails[0].text).toMatch(/The file report\.zip \(.+\) is too large to be attached/);
    expect(mails[0].text).toContain('http://localhost:3002/downloads/abc.def');
    expect(await outboxRow(to)).toMatchObject({ status: 'sent', attempts: 1, error: null });
  });

  it('fails a mail too large even with the link only after one attempt, as one without a file', async () => {
    const cases = [
      {
        to: 'too-large-twice@example.com',
        file: 'exports/6/report.zip',
        tries: 2,
        error: /^with the link only: .*552 5\.3\.4 .*; with the file attached, before: .*552 5\.3\.4 /,
      },
      {
        to: 'too-large-link@example.com',
        file: null,
        tries: 1,
        error:
          /^Message failed: 552 5\.3\.4 Message size exceeds fixed maximum message size 1024 \(SMTP 552 on DATA\)$/,
      },
    ];
    await withSizeLimit(1024, async () => {
      for (const { to, file, tries, error } of cases) {
        if (file) writeFile(file, 2000);
        const message = file
          ? exportCompleted({ institutionId: tenant.id, to, filePath: file, fileName: 'report.zip', fileSize: 2000 })
          : exportFailed({ institutionId: tenant.id, to });
        await send(message);
        const job = await queue.getJob(message.dedupeKey);
        await expect(job!.finished()).rejects.toThrow('552 5.3.4');
        expect(await job!.getState()).toBe('failed');
        expect(smtp.attempts(to)).toBe(tries);
        expect(smtp.to(to)).toHaveLength(0);
        const row = await outboxRow(to);
        expect(row).toMatchObject({ status: 'failed', attempts: 1, sentAt: null });
        expect(row.error).toMatch(error);
      }
    });
  });

  it('fails an invalid message at once, without retrying it', async () => {
    const message = { ...exportFailed({ institutionId: tenant.id }), to: 'not-an-address' };
    const job = await queue.add(JobName.SendNotification, message, { jobId: message.dedupeKey });
    await expect(job.finished()).rejects.toThrow(/to must be a valid e-mail address/);
    const row = await outboxRow('not-an-address', (r) => r.status === 'failed');
    expect(row.attempts).toBe(1);
    expect(row.error).toContain('to must be a valid e-mail address');
    expect((await queue.getJob(job.id))?.attemptsMade).toBe(1);
  });

  it('lists the outbox newest first, filtered, limited, and only to its own institution', async () => {
    const theirs = 'other-tenant@example.com';
    await send(exportFailed({ institutionId: other.id, to: theirs }));
    await waitFor(
      async () => (await list({}, other.key)).data!.find((r) => r.status === 'sent'),
      'the other tenant mail',
    );

    const all = (await list()).data!;
    expect(all.length).toBeGreaterThanOrEqual(8);
    expect(all.map((r) => r.id)).toEqual([...all.map((r) => r.id)].sort((a, b) => b - a));
    expect(all.find((r) => r.to === theirs)).toBeUndefined();
    expect((await list({ to: theirs })).data).toEqual([]);

    const mine = (await list({}, other.key)).data!;
    expect(mine.map((r) => r.to)).toEqual([theirs]);

    // Empty fields, as `GET /notifications?to=&type=&status=` sends them, filter nothing.
    const empty = await list({ to: '', type: '', status: '' } as unknown as OutboxQuery);
    expect(empty.response.status).toBe(200);
    expect(empty.data!.map((r) => r.id)).toEqual(all.map((r) => r.id));

    const imports = (await list({ type: 'import.completed' })).data!;
    expect(imports.length).toBe(3);
    expect(imports.every((r) => r.type === 'import.completed')).toBe(true);
    const failed = (await list({ status: 'failed' })).data!;
    expect(failed.map((r) => r.to).sort()).toEqual([
      'busy@example.com',
      'not-an-address',
      'spam-trap@example.net',
      'too-large-link@example.com',
      'too-large-twice@example.com',
      'unknown-user@example.net',
    ]);
    expect((await list({ type: 'import.completed', status: 'failed' })).data!.map((r) => r.to)).toEqual([
      'busy@example.com',
    ]);
    const newest = (await list({ limit: 1 })).data!;
    expect(newest).toEqual([all[0]]);

    // A status the types refuse, on purpose.
    const badStatus = await list({ status: 'lost' as never });
    expect(badStatus.response.status).toBe(400);
    expect(bodyOf(badStatus).code).toBe('VALIDATION_FAILED');
    expect(bodyOf(badStatus).message).toContain('status must be one of pending, sent, failed');
    expect((await list({ limit: 1001 })).response.status).toBe(400);
    expect((await notificationsClient(notifications.url).GET('/notifications')).response.status).toBe(401);
  });

  it('says which export or import each e-mail is about, and lists them by it, only for its own institution', async () => {
    const exportId = 900_001;
    const importId = 900_002;
    await send(exportFailed({ institutionId: tenant.id, to: 'about-export@example.com', exportId }));
    await send(importCompleted({ institutionId: tenant.id, to: 'about-import@example.com', importId }));
    await send(importFailed({ institutionId: other.id, to: 'their-import@example.com', importId }));
    await outboxRow('about-export@example.com');
    await outboxRow('about-import@example.com');
    await waitFor(async () => (await list({ importId }, other.key)).data!.length === 1, 'the other tenant mail');

    const byExport = (await list({ exportId })).data!;
    expect(byExport.map((r) => [r.to, r.type, r.exportId, r.importId])).toEqual([
      ['about-export@example.com', 'template-export.failed', exportId, null],
    ]);
    const byImport = (await list({ importId })).data!;
    expect(byImport.map((r) => [r.to, r.type, r.exportId, r.importId])).toEqual([
      ['about-import@example.com', 'import.completed', null, importId],
    ]);
    expect((await list({ importId }, other.key)).data!.map((r) => r.to)).toEqual(['their-import@example.com']);
    expect((await list({ exportId }, other.key)).data).toEqual([]);
    expect((await list({ exportId: importId })).data).toEqual([]);

    // Swagger UI sends an unfilled field as empty: it counts as absent, not as a 400.
    const empty = await list({ exportId: '' as never, importId: '' as never });
    expect(empty.response.status).toBe(200);
    expect(empty.data!.length).toBeGreaterThanOrEqual(2);
    const badId = await list({ importId: 'x' as never });
    expect(badId.response.status).toBe(400);
    expect(bodyOf(badId).message).toContain('importId must be a whole number from 1');
  });

  it('documents the query with enums', async () => {
    // The Swagger document itself is not an operation of the document: plain fetch.
    const doc = (await (await fetch(`${notifications.url}/docs-json`)).json()) as any;
    const operation = doc.paths['/notifications'].get;
    expect(operation.operationId).toBe('listNotifications');
    const params = Object.fromEntries(operation.parameters.map((p: any) => [p.name, p.schema]));
    expect(doc.components.schemas.NotificationType.enum).toEqual([
      'template-export.completed',
      'template-export.failed',
      'import.completed',
      'import.failed',
    ]);
    expect(doc.components.schemas.NotificationStatus.enum).toEqual(['pending', 'sent', 'failed']);
    expect(params.type.$ref ?? params.type.allOf?.[0]?.$ref).toBe('#/components/schemas/NotificationType');
    expect(params.limit).toMatchObject({ minimum: 1, maximum: 1000, default: 100 });
  });
});

async function createInstitution(dataSource: DataSource): Promise<Tenant> {
  const key = newApiKey();
  const code = `N${randomBytes(5).toString('hex').toUpperCase()}`;
  const id = await insertInstitution(dataSource, { code, name: `Institution ${code}`, apiKeyHash: hashApiKey(key) });
  return { id, key };
}
