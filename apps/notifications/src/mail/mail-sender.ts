import { MailerOptions, MailerService } from '@nestjs-modules/mailer';
import { Injectable, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AppConfig } from '@app/common';
import { FileStore } from '@app/storage';
import { recipientForLog } from './recipient-in-logs';

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Stable per event, so a mail client can recognise a duplicate too. */
  messageId: string;
  /** Opened when the mail is built, read as it is sent. */
  attachments: { filename: string; content: Readable }[];
  /** Names the .eml file when there is no SMTP server. */
  fileStem: string;
}

/**
 * SMTP from SMTP_URL; without it, nodemailer's stream transport builds the very same message and
 * it is written as an .eml file under mail/ in the file store, so a fresh machine shows what would be sent.
 */
export function mailerOptions(config: AppConfig): MailerOptions {
  return {
    transport: config.SMTP_URL
      ? { url: config.SMTP_URL, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 }
      : { streamTransport: true, buffer: true, newline: 'windows' },
    defaults: { from: config.MAIL_FROM },
  };
}

@Injectable()
export class MailSender {
  private readonly logger = new Logger(MailSender.name);

  constructor(
    private readonly mailer: MailerService,
    private readonly config: AppConfig,
    private readonly store: FileStore,
  ) {}

  /** Resolves once the SMTP server accepted the message (or the .eml file is written). */
  async send(mail: OutgoingMail): Promise<void> {
    const info = await this.mailer.sendMail({
      to: mail.to,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      messageId: mail.messageId,
      attachments: mail.attachments,
    });
    if (this.config.SMTP_URL) return;
    const key = `mail/${mail.fileStem}.eml`;
    // The store writes it whole or not at all: a reader never sees half a message.
    await this.store.write(key, Readable.from([info.message as Buffer]), { contentType: 'message/rfc822' });
    this.logger.log(`No SMTP_URL: e-mail to ${recipientForLog(mail.to)} written to ${key} in ${this.store.location}`);
  }
}

/** What nodemailer puts on an SMTP error (see nodemailer's smtp-connection `_formatError`). */
interface SmtpError {
  code?: string;
  message?: string;
  responseCode?: number;
  response?: string;
  rejectedErrors?: SmtpError[];
}

/** A refusal of this very message that no retry can change. */
export interface PermanentRefusal {
  /** The server's reply, or nodemailer's words when it refused the message itself. */
  reply: string;
  /** Refused for its size: the same e-mail without its attachment may still pass. */
  tooLarge: boolean;
}

/** nodemailer's codes for a reply to MAIL FROM, RCPT TO or DATA, i.e. about this message. */
const MESSAGE_ERROR_CODES = new Set(['EENVELOPE', 'EMESSAGE']);
const isPermanentCode = (code: unknown) => typeof code === 'number' && code >= 500 && code <= 599;
/**
 * nodemailer's own refusal, before sending, of a message over the SIZE the server announced in its
 * EHLO reply. It only fires when the envelope carries the message size, which nodemailer's SMTP
 * transport never sets: with it the server is the one refusing, with a 5xx after DATA.
 */
const SIZE_REFUSED_BY_NODEMAILER = /^Message size larger than allowed \d+/;
/**
 * A reply about the message's size: the enhanced codes X.3.4 (too big for the system) or X.2.3
 * (over the administrative limit), or words saying so, as servers pair 552 with varied codes
 * (smtp-server answers `552 4.3.1 ... exceeds fixed maximum message size`). Taking a full mailbox
 * for a size refusal costs one more try, without the attachment.
 */
const SIZE_REPLY = /^\d{3}[ -](?:[245]\.3\.4|[245]\.2\.3)\b|\bsize\b|too (?:big|large)/i;

/**
 * The permanent refusal of this message: a 5xx reply to MAIL FROM, RCPT TO or DATA (every recipient
 * refused with a 5xx, when several were), or nodemailer refusing it as larger than the server
 * accepts. Null for anything worth retrying: a 4xx, no connection, a timeout, and also a 5xx to the
 * greeting, EHLO or AUTH, which says the server or our settings are wrong, not this message, and
 * may be fixed while the retries run.
 */
export function permanentRefusal(error: unknown): PermanentRefusal | null {
  if (typeof error !== 'object' || error === null) return null;
  const smtp = error as SmtpError;
  if (!MESSAGE_ERROR_CODES.has(smtp.code ?? '')) return null;
  if (smtp.responseCode === undefined && SIZE_REFUSED_BY_NODEMAILER.test(smtp.message ?? ''))
    return { reply: smtp.message!, tooLarge: true };
  if (!isPermanentCode(smtp.responseCode)) return null;
  if (smtp.rejectedErrors?.some((rejection) => !isPermanentCode(rejection.responseCode))) return null;
  const reply = (smtp.response ?? String(smtp.responseCode)).replace(/\s+/g, ' ').trim();
  return { reply, tooLarge: SIZE_REPLY.test(reply) };
}
