import type { AddressInfo } from 'node:net';
import type { ParsedMail } from 'mailparser';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { waitFor } from '../../../test/utils';

/** A reply the server gives instead of accepting a recipient (at RCPT TO) or its message (after DATA). */
export interface Refusal {
  at: 'RCPT TO' | 'DATA';
  /** 451 says try later, 550 never. */
  code: number;
  /** What follows the code in the reply, e.g. `5.1.1 mailbox unavailable`. */
  text: string;
  /** How many deliveries are refused before the next one is accepted; always, by default. */
  times?: number;
}

/**
 * A real SMTP server on loopback that keeps every message it accepts, parsed. It can be stopped
 * and started again on the same port (with a message size limit or not), refuses the recipients
 * given to `refuse`, and counts the delivery attempts made to each recipient (one RCPT TO each).
 */
export class SmtpCapture {
  readonly messages: ParsedMail[] = [];
  port = 0;
  private server: SMTPServer | null = null;
  private readonly refusals = new Map<string, Refusal>();
  private readonly rcptCounts = new Map<string, number>();

  refuse(address: string, refusal: Refusal): void {
    this.refusals.set(address, { times: Infinity, ...refusal });
  }

  /** Delivery attempts the server has seen for this recipient, accepted or not. */
  attempts(address: string): number {
    return this.rcptCounts.get(address) ?? 0;
  }

  /** The error that makes smtp-server answer this refusal, if `address` is refused at `stage` now. */
  private refusal(addresses: string[], stage: Refusal['at']): Error | null {
    for (const address of addresses) {
      const refusal = this.refusals.get(address);
      if (!refusal || refusal.at !== stage || !refusal.times) continue;
      refusal.times -= 1;
      return Object.assign(new Error(refusal.text), { responseCode: refusal.code });
    }
    return null;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /**
   * `size` is advertised in the EHLO reply (`SIZE 4096`); smtp-server leaves it to `onData` to refuse
   * a longer message, which it does after DATA as a real server would: `552 5.3.4`.
   */
  async start({ size }: { size?: number } = {}): Promise<void> {
    const server = new SMTPServer({
      size,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 1000,
      onRcptTo: (address, _session, callback) => {
        this.rcptCounts.set(address.address, this.attempts(address.address) + 1);
        callback(this.refusal([address.address], 'RCPT TO') ?? undefined);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        // Parsed before the 250 reply: once the sender knows the mail is accepted, it is in `messages`.
        stream.on('end', () => {
          if (size && stream.sizeExceeded) {
            return callback(
              Object.assign(new Error(`5.3.4 Message size exceeds fixed maximum message size ${size}`), {
                responseCode: 552,
              }),
            );
          }
          const refused = this.refusal(
            session.envelope.rcptTo.map((rcpt) => rcpt.address),
            'DATA',
          );
          if (refused) return callback(refused);
          simpleParser(Buffer.concat(chunks)).then(
            (mail) => {
              this.messages.push(mail);
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): ParsedMail[] {
    return this.messages.filter((mail) => addressesOf(mail).includes(address));
  }

  waitForMail(address: string, timeoutMs = 20000): Promise<ParsedMail> {
    return waitFor(async () => this.to(address)[0], `an e-mail to ${address}`, timeoutMs, 50);
  }
}

function addressesOf(mail: ParsedMail): string[] {
  const to = mail.to ? (Array.isArray(mail.to) ? mail.to : [mail.to]) : [];
  return to.flatMap((group) => group.value.map((entry) => entry.address ?? ''));
}
