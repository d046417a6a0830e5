/**
 * A log line names a recipient by its domain only: the outbox row holds the address, and the
 * errors of an SMTP server often quote it (`550 5.1.1 <jane@example.org>: mailbox unavailable`).
 */
const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

/** `a recipient at example.org`, for a log line. */
export const recipientForLog = (address: string) => `a recipient at ${domainOf(address)}`;

/** `text` with every occurrence of `address` (in any case) shown as `…@domain`. */
export function hideRecipient(text: string, address: string): string {
  if (!address) return text;
  return text.replace(new RegExp(address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), `…@${domainOf(address)}`);
}
