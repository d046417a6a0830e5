import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { AppConfig } from '@app/common';
import { NotificationMessage, notificationSubject } from '@app/queues';
import { checkKey, FileStore } from '@app/storage';
import { AttachmentInfo, MailRenderer } from './mail/mail-renderer';
import { MailSender, permanentRefusal } from './mail/mail-sender';
import { hideRecipient, recipientForLog } from './mail/recipient-in-logs';
import { validateNotificationMessage } from './messages/notification-message.validation';
import { NotificationOutbox } from './outbox/notification-outbox';

const SENT_RECORD_ATTEMPTS = 3;
const SENT_RECORD_DELAY_MS = 500;

/** A message that can never be delivered as it is: not retried. */
export class InvalidNotificationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid notification message: ${problems.join('; ')}`);
    this.name = 'InvalidNotificationError';
  }
}

/** The SMTP server refused the message for good (a 5xx reply, or too large): the row is failed, not retried. */
export class RejectedNotificationError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'RejectedNotificationError';
  }
}

export interface DeliveryAttempt {
  /** 1 for the first try. */
  attempt: number;
  maxAttempts: number;
}

export type DeliveryResult = 'sent' | 'already-sent';

interface PlannedAttachment {
  info: AttachmentInfo;
  /** The file's key in the store. */
  key: string;
}

/**
 * Delivers one queue message through the outbox: the row of its dedupeKey is created once; a row
 * already `sent` means the mail went out before (a retried or duplicated job) and nothing is sent
 * again. Each failure counts an attempt and keeps the error; the last one marks the row `failed`,
 * and so does the first permanent refusal of the SMTP server (a 5xx reply to this message). A mail
 * refused as too large with its file attached is sent again at once with the link only, in the
 * same attempt: only if that one is refused too is the row failed.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly outbox: NotificationOutbox,
    private readonly renderer: MailRenderer,
    private readonly sender: MailSender,
    private readonly config: AppConfig,
    private readonly store: FileStore,
  ) {}

  async deliver(data: unknown, attempt: DeliveryAttempt): Promise<DeliveryResult> {
    const validation = validateNotificationMessage(data);
    if (!validation.ok) {
      const error = new InvalidNotificationError(validation.problems);
      await this.recordInvalid(data, error.message);
      throw error;
    }
    const message = validation.message;
    return this.outbox.exclusively(message.dedupeKey, () => this.deliverOnce(message, attempt));
  }

  private async deliverOnce(message: NotificationMessage, attempt: DeliveryAttempt): Promise<DeliveryResult> {
    const row = await this.outbox.open({
      institutionId: message.institutionId,
      ...notificationSubject(message),
      type: message.type,
      recipient: message.to,
      locale: message.locale,
      dedupeKey: message.dedupeKey,
      payload: message,
    });
    if (row.status === 'sent') {
      this.logger.log(`Notification ${row.id} (${message.dedupeKey}) was already sent; not sending it again`);
      return 'already-sent';
    }
    let refusedAttached: unknown = null;
    try {
      const planned = await this.planAttachment(message);
      try {
        await this.send(row.id, message, planned);
      } catch (error) {
        if (!planned?.info.attached || !permanentRefusal(error)?.tooLarge) throw error;
        // Retrying the same mail cannot help, the same mail with the link instead of the file can.
        refusedAttached = error;
        this.logger.warn(
          `Notification ${row.id} (${message.dedupeKey}) to ${recipientForLog(message.to)} refused as too large with ${planned.info.fileName} attached; sending it again with the link only: ${hideRecipient(describe(error), message.to)}`,
        );
        await this.send(row.id, message, { ...planned, info: { ...planned.info, attached: false, tooLarge: true } });
      }
    } catch (error) {
      const refusal = permanentRefusal(error);
      const final =
        refusal !== null || error instanceof InvalidNotificationError || attempt.attempt >= attempt.maxAttempts;
      const reason = refusedAttached
        ? `with the link only: ${describe(error)}; with the file attached, before: ${describe(refusedAttached)}`
        : describe(error);
      await this.outbox.markAttemptFailed(row.id, reason, final);
      if (refusal === null) throw error;
      this.logger.warn(
        `Notification ${row.id} (${message.dedupeKey}) to ${recipientForLog(message.to)} refused for good by the SMTP server, not retried: ${hideRecipient(refusal.reply, message.to)}`,
      );
      throw new RejectedNotificationError(reason, error);
    }
    await this.recordSent(row.id, message.dedupeKey);
    return 'sent';
  }

  /** Renders the mail with its file attached or linked as `planned` says, and sends it. */
  private async send(rowId: number, message: NotificationMessage, planned: PlannedAttachment | null): Promise<void> {
    const rendered = this.renderer.render(message, planned?.info ?? null);
    await this.outbox.setSubject(rowId, rendered.subject);
    const attachments = planned?.info.attached
      ? [{ filename: planned.info.fileName, content: await this.store.read(planned.key) }]
      : [];
    try {
      await this.sender.send({
        to: message.to,
        ...rendered,
        messageId: `<${createHash('sha256').update(message.dedupeKey).digest('hex').slice(0, 32)}@contact-mass-update>`,
        attachments,
        fileStem: `${new Date().toISOString().replace(/[:.]/g, '-')}-${rowId}-${message.type}`,
      });
    } finally {
      // A mail that failed before its attachment was read must not hold the file (or the S3 connection) open.
      for (const attachment of attachments) attachment.content.destroy();
    }
  }

  /**
   * The server has accepted the mail: failing the job now would make Bull send it again. So the
   * sent state is retried a little, then only logged if the database stays unreachable.
   */
  private async recordSent(id: number, dedupeKey: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.outbox.markSent(id);
        return;
      } catch (error) {
        if (attempt >= SENT_RECORD_ATTEMPTS) {
          this.logger.error(
            `Notification ${id} (${dedupeKey}) was sent but could not be marked sent: ${describe(error)}`,
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, attempt * SENT_RECORD_DELAY_MS));
      }
    }
  }

  /**
   * The zip of an export or the report of an import: attached when it exists and is small enough,
   * otherwise the mail carries only its link. A report with no problem in it is neither attached nor linked.
   */
  private async planAttachment(message: NotificationMessage): Promise<PlannedAttachment | null> {
    let relative: string;
    let fileName: string;
    let announcedSize: number;
    if (message.type === 'template-export.completed') {
      relative = message.filePath;
      fileName = extname(message.fileName) ? message.fileName : basename(message.filePath);
      announcedSize = message.fileSize;
    } else if (message.type === 'import.completed' && message.reportPath && message.issueCount > 0) {
      relative = message.reportPath;
      fileName = basename(message.reportPath);
      announcedSize = message.reportSize;
    } else {
      return null;
    }
    // The paths of messages queued before the file store are its keys: the same relative paths.
    const key = relative;
    try {
      checkKey(key);
    } catch {
      throw new InvalidNotificationError([`${relative} is not a key of the file store`]);
    }
    // A store that does not answer throws here: the job is retried, not sent without its file.
    const size = (await this.store.stat(key))?.size ?? null;
    if (size === null) {
      this.logger.warn(`${key} does not exist (any more); the e-mail of ${message.dedupeKey} carries only the link`);
      return { info: { attached: false, tooLarge: false, fileName, size: announcedSize }, key };
    }
    const tooLarge = size > this.config.MAIL_ATTACHMENT_MAX_BYTES;
    return { info: { attached: !tooLarge, tooLarge, fileName, size }, key };
  }

  /** Keeps a trace of an invalid message when it has enough to be stored and listed. */
  private async recordInvalid(data: unknown, error: string): Promise<void> {
    const raw = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
    if (typeof raw.dedupeKey !== 'string' || !raw.dedupeKey || raw.dedupeKey.length > 128) {
      this.logger.error(`${error} (no dedupeKey, not recorded in the outbox)`);
      return;
    }
    const positive = (value: unknown) => (Number.isInteger(value) && (value as number) > 0 ? (value as number) : null);
    const row = await this.outbox.open({
      institutionId: positive(raw.institutionId),
      exportId: positive(raw.exportId),
      importId: positive(raw.importId),
      type: typeof raw.type === 'string' ? raw.type.slice(0, 40) : 'unknown',
      recipient: typeof raw.to === 'string' ? raw.to : '',
      locale: raw.locale === 'en' ? 'en' : 'fr',
      dedupeKey: raw.dedupeKey,
      payload: data,
    });
    if (row.status !== 'sent') await this.outbox.markAttemptFailed(row.id, error, true);
    this.logger.error(`Notification ${row.id}: ${error}`);
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const smtp = error as Error & { responseCode?: number; command?: string };
  return smtp.responseCode
    ? `${error.message} (SMTP ${smtp.responseCode}${smtp.command ? ` on ${smtp.command}` : ''})`
    : error.message;
}
