import { Logger } from '@nestjs/common';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { AppConfig } from '@app/common';
import { Notification } from '@app/database';
import { LocalFileStore } from '@app/storage';
import { exportCompleted, exportFailed, importCompleted } from '../test/sample-messages';
import { MailRenderer } from './mail/mail-renderer';
import type { MailSender, OutgoingMail } from './mail/mail-sender';
import { InvalidNotificationError, NotificationsService, RejectedNotificationError } from './notifications.service';
import type { NotificationOutbox, OutboxEntry } from './outbox/notification-outbox';

/** The outbox table in memory, with the same rules as the SQL (unique dedupeKey, sent is final). */
class MemoryOutbox {
  rows: Notification[] = [];
  failMarkSent = 0;
  private queue: Promise<unknown> = Promise.resolve();

  exclusively<T>(_key: string, work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async open(entry: OutboxEntry): Promise<Notification> {
    let row = this.rows.find((r) => r.dedupeKey === entry.dedupeKey);
    if (!row) {
      row = Object.assign(new Notification(), {
        id: this.rows.length + 1,
        ...entry,
        subject: null,
        status: 'pending',
        attempts: 0,
        lastError: null,
        sentAt: null,
      });
      this.rows.push(row);
    }
    return { ...row };
  }
  async setSubject(id: number, subject: string) {
    this.get(id).subject = subject;
  }
  async markSent(id: number) {
    if (this.failMarkSent > 0) {
      this.failMarkSent -= 1;
      throw new Error('database gone');
    }
    Object.assign(this.get(id), {
      status: 'sent',
      sentAt: new Date(),
      lastError: null,
      attempts: this.get(id).attempts + 1,
    });
  }
  async markAttemptFailed(id: number, error: string, final: boolean) {
    const row = this.get(id);
    if (row.status !== 'sent')
      Object.assign(row, { status: final ? 'failed' : 'pending', lastError: error, attempts: row.attempts + 1 });
  }
  get(id: number): Notification {
    return this.rows.find((r) => r.id === id)!;
  }
}

/** An error shaped as nodemailer's smtp-connection makes it (`_formatError`). */
function smtpError(message: string, code: string, response: string, command: string): Error {
  return Object.assign(new Error(`${message}: ${response}`), {
    code,
    response,
    responseCode: Number(response.slice(0, 3)),
    command,
  });
}

class FakeSender {
  sent: OutgoingMail[] = [];
  /** Every mail handed over, refused or not. */
  tried: OutgoingMail[] = [];
  failures: Error[] = [];
  async send(mail: OutgoingMail) {
    this.tried.push(mail);
    const failure = this.failures.shift();
    if (failure) throw failure;
    // Read as nodemailer would, before the service closes the streams.
    const attachments = await Promise.all(
      mail.attachments.map(async ({ filename, content }) => ({ filename, content: await buffer(content) })),
    );
    this.sent.push({ ...mail, attachments } as unknown as OutgoingMail);
  }
}

describe('NotificationsService', () => {
  let outbox: MemoryOutbox;
  let sender: FakeSender;
  let service: NotificationsService;
  let filesDir: string;
  const renderer = new MailRenderer();
  const first = { attempt: 1, maxAttempts: 3 };

  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  beforeEach(() => {
    filesDir = mkdtempSync(join(tmpdir(), 'cmu-notify-'));
    outbox = new MemoryOutbox();
    sender = new FakeSender();
    const config = Object.assign(new AppConfig(), { MAIL_ATTACHMENT_MAX_BYTES: 100 });
    service = new NotificationsService(
      outbox as unknown as NotificationOutbox,
      renderer,
      sender as unknown as MailSender,
      config,
      new LocalFileStore(filesDir),
    );
  });

  const file = (relative: string, size: number) => {
    mkdirSync(join(filesDir, relative, '..'), { recursive: true });
    writeFileSync(join(filesDir, relative), Buffer.alloc(size, 1));
  };

  it('sends once and records the delivery', async () => {
    const message = exportFailed();
    await expect(service.deliver(message, first)).resolves.toBe('sent');
    await expect(service.deliver(message, first)).resolves.toBe('already-sent');
    expect(sender.sent).toHaveLength(1);
    expect(outbox.rows[0]).toMatchObject({
      status: 'sent',
      attempts: 1,
      lastError: null,
      subject: sender.sent[0].subject,
    });
    expect(sender.sent[0].messageId).toMatch(/^<[0-9a-f]{32}@contact-mass-update>$/);
  });

  it('sends an event once even when two deliveries of it run at the same time', async () => {
    const message = exportFailed();
    await expect(
      Promise.all([service.deliver(message, first), service.deliver({ ...message }, first)]),
    ).resolves.toEqual(['sent', 'already-sent']);
    expect(sender.sent).toHaveLength(1);
  });

  it('counts each failed attempt and gives up on the last one', async () => {
    const message = exportFailed();
    sender.failures.push(new Error('connect ECONNREFUSED'), new Error('451 busy'), new Error('451 still busy'));
    await expect(service.deliver(message, { attempt: 1, maxAttempts: 3 })).rejects.toThrow('ECONNREFUSED');
    expect(outbox.rows[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: 'connect ECONNREFUSED' });
    await expect(service.deliver(message, { attempt: 2, maxAttempts: 3 })).rejects.toThrow();
    await expect(service.deliver(message, { attempt: 3, maxAttempts: 3 })).rejects.toThrow();
    expect(outbox.rows[0]).toMatchObject({ status: 'failed', attempts: 3, lastError: '451 still busy' });
  });

  it('fails the mail at once, logging only the domain, when the SMTP server refuses it for good (5xx)', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const rcpt = smtpError(
        "Can't send mail - all recipients were rejected",
        'EENVELOPE',
        '550 5.1.1 <Gone@Example.org>: mailbox unavailable',
        'RCPT TO',
      );
      sender.failures.push(Object.assign(rcpt, { rejected: ['gone@example.org'], rejectedErrors: [rcpt] }));
      await expect(service.deliver(exportFailed({ to: 'gone@example.org' }), first)).rejects.toBeInstanceOf(
        RejectedNotificationError,
      );
      expect(outbox.rows[0]).toMatchObject({ status: 'failed', attempts: 1 });
      expect(outbox.rows[0].lastError).toContain('550 5.1.1 <Gone@Example.org>: mailbox unavailable');
      expect(warn).toHaveBeenCalledTimes(1);
      const line = String(warn.mock.calls[0][0]);
      expect(line).toContain(`Notification ${outbox.rows[0].id} `);
      expect(line).toContain('at example.org');
      expect(line).toContain('550 5.1.1 <…@example.org>: mailbox unavailable');
      expect(line.toLowerCase()).not.toContain('gone@');

      sender.failures.push(smtpError('Message failed', 'EMESSAGE', '554 5.7.1 message refused', 'DATA'));
      await expect(service.deliver(exportFailed({ to: 'spam@example.org' }), first)).rejects.toBeInstanceOf(
        RejectedNotificationError,
      );
      expect(outbox.rows[1]).toMatchObject({ status: 'failed', attempts: 1 });
      expect(outbox.rows[1].lastError).toContain('554 5.7.1 message refused');
    } finally {
      warn.mockRestore();
    }
  });

  it('keeps retrying what may pass later: a 4xx, no connection, a 5xx to EHLO or AUTH, recipients not all refused for good', async () => {
    const rcpt451 = smtpError('Recipient command failed', 'EENVELOPE', '451 4.3.0 try again later', 'RCPT TO');
    const mixed = smtpError(
      "Can't send mail - all recipients were rejected",
      'EENVELOPE',
      '550 5.1.1 unknown user',
      'RCPT TO',
    );
    const temporary = [
      smtpError("Can't send mail - all recipients were rejected", 'EENVELOPE', '451 4.3.0 try again later', 'RCPT TO'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' }),
      smtpError('Invalid login', 'EAUTH', '535 5.7.8 authentication failed', 'AUTH PLAIN'),
      smtpError('Invalid greeting', 'EPROTOCOL', '554 no SMTP service here', 'CONN'),
      Object.assign(mixed, { rejectedErrors: [rcpt451, mixed] }),
    ];
    for (const [index, failure] of temporary.entries()) {
      sender.failures.push(failure);
      const message = exportFailed();
      await expect(service.deliver(message, first)).rejects.toBe(failure);
      expect(outbox.rows[index]).toMatchObject({ status: 'pending', attempts: 1 });
    }
  });

  describe('a mail too large for the SMTP server', () => {
    const tooLarge = () =>
      smtpError('Message failed', 'EMESSAGE', '552 5.3.4 Message size exceeds fixed limit', 'DATA');
    // nodemailer's own refusal against the SIZE of the EHLO reply: no reply, no responseCode.
    const tooLargeForNodemailer = () =>
      Object.assign(new Error('Message size larger than allowed 4096'), { code: 'EMESSAGE', command: 'MAIL FROM' });
    let warn: jest.SpyInstance;
    beforeEach(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));
    afterEach(() => warn.mockRestore());

    it('is sent again at once with the link only when its file was attached, in the same attempt', async () => {
      file('exports/1/small.zip', 100);
      sender.failures.push(tooLarge());
      const message = exportCompleted({
        to: 'Jane@example.org',
        filePath: 'exports/1/small.zip',
        fileName: 'small.zip',
      });
      await expect(service.deliver(message, first)).resolves.toBe('sent');
      expect(sender.tried.map((mail) => mail.attachments.length)).toEqual([1, 0]);
      expect(sender.sent).toHaveLength(1);
      expect(sender.sent[0].text).toContain('trop volumineux');
      expect(sender.sent[0].text).toContain('http://localhost:3002/downloads/abc.def');
      expect(outbox.rows[0]).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
      const line = String(warn.mock.calls[0][0]);
      expect(line).toContain('at example.org refused as too large with small.zip attached');
      expect(line).toContain('552 5.3.4');
      expect(line.toLowerCase()).not.toContain('jane@');
    });

    it('fails at once when the link-only mail is refused too, keeping both replies', async () => {
      file('exports/1/small.zip', 100);
      sender.failures.push(tooLargeForNodemailer(), tooLarge());
      const message = exportCompleted({ filePath: 'exports/1/small.zip', fileName: 'small.zip' });
      await expect(service.deliver(message, first)).rejects.toBeInstanceOf(RejectedNotificationError);
      expect(sender.tried.map((mail) => mail.attachments.length)).toEqual([1, 0]);
      expect(outbox.rows[0]).toMatchObject({ status: 'failed', attempts: 1 });
      expect(outbox.rows[0].lastError).toBe(
        'with the link only: Message failed: 552 5.3.4 Message size exceeds fixed limit (SMTP 552 on DATA); with the file attached, before: Message size larger than allowed 4096',
      );
    });

    it('is retried as usual when the link-only mail meets a temporary failure', async () => {
      file('exports/1/small.zip', 100);
      sender.failures.push(
        tooLarge(),
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' }),
      );
      await expect(
        service.deliver(exportCompleted({ filePath: 'exports/1/small.zip', fileName: 'small.zip' }), first),
      ).rejects.toThrow('ECONNREFUSED');
      expect(outbox.rows[0]).toMatchObject({ status: 'pending', attempts: 1 });
      expect(outbox.rows[0].lastError).toMatch(
        /^with the link only: connect ECONNREFUSED .*; with the file attached, before: .*552 5\.3\.4/,
      );
    });

    it('fails at once, sent once, when it has no file attached', async () => {
      for (const refusal of [tooLargeForNodemailer(), tooLarge()]) {
        sender.failures.push(refusal);
        await expect(service.deliver(exportFailed(), first)).rejects.toBeInstanceOf(RejectedNotificationError);
      }
      expect(sender.tried).toHaveLength(2);
      expect(outbox.rows.map((row) => [row.status, row.attempts, row.lastError])).toEqual([
        ['failed', 1, 'Message size larger than allowed 4096'],
        ['failed', 1, 'Message failed: 552 5.3.4 Message size exceeds fixed limit (SMTP 552 on DATA)'],
      ]);
    });
  });

  it('does not fail the job (and so send again) when only recording the delivery fails', async () => {
    outbox.failMarkSent = 1;
    await expect(service.deliver(exportFailed(), first)).resolves.toBe('sent');
    expect(outbox.rows[0].status).toBe('sent');
    outbox.failMarkSent = 3;
    await expect(service.deliver(exportFailed(), first)).resolves.toBe('sent');
    expect(sender.sent).toHaveLength(2);
  });

  it('rejects an invalid message for good, keeping a failed row when it has a dedupeKey', async () => {
    const message = { ...exportFailed(), to: 'nobody' };
    await expect(service.deliver(message, first)).rejects.toBeInstanceOf(InvalidNotificationError);
    expect(outbox.rows[0]).toMatchObject({ status: 'failed', attempts: 1, recipient: 'nobody' });
    expect(outbox.rows[0].lastError).toContain('to must be a valid e-mail address');
    await expect(service.deliver({ type: 'import.failed' }, first)).rejects.toBeInstanceOf(InvalidNotificationError);
    expect(outbox.rows).toHaveLength(1);
    expect(sender.sent).toHaveLength(0);
  });

  it('attaches the file when it exists and is small enough, else sends the link only', async () => {
    file('exports/1/small.zip', 100);
    file('exports/2/big.zip', 101);
    await service.deliver(exportCompleted({ filePath: 'exports/1/small.zip', fileName: 'small.zip' }), first);
    await service.deliver(exportCompleted({ filePath: 'exports/2/big.zip', fileName: 'big.zip' }), first);
    await service.deliver(exportCompleted({ filePath: 'exports/3/gone.zip', fileName: 'gone.zip' }), first);
    await service.deliver(importCompleted({ reportPath: null }), first);
    expect(sender.sent.map((mail) => mail.attachments)).toEqual([
      [{ filename: 'small.zip', content: Buffer.alloc(100, 1) }],
      [],
      [],
      [],
    ]);
    expect(sender.sent[1].text).toContain('trop volumineux');
    expect(sender.sent[2].text).not.toContain('trop volumineux');
    expect(sender.sent[2].text).toContain('Téléchargez le fichier gone.zip avec ce lien');
  });
});
