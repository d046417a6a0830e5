import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Notification, NotificationStatus } from '@app/database';

export interface OutboxEntry {
  institutionId: number | null;
  type: string;
  recipient: string;
  locale: string;
  dedupeKey: string;
  payload: unknown;
}

export interface OutboxFilter {
  to?: string;
  type?: string;
  status?: NotificationStatus;
  limit: number;
}

const MAX_ERROR_LENGTH = 2000;

/** The notifications table: one row per e-mail (per dedupeKey), whatever happens to its delivery. */
@Injectable()
export class NotificationOutbox {
  constructor(@InjectRepository(Notification) private readonly notifications: Repository<Notification>) {}

  /** Creates the row of this event if it does not exist yet and returns it as it is now. */
  async open(entry: OutboxEntry): Promise<Notification> {
    await this.notifications.query(
      `INSERT INTO notifications (institution_id, type, recipient, locale, status, attempts, dedupe_key, payload)
       VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)
       ON DUPLICATE KEY UPDATE id = id`,
      [entry.institutionId, entry.type, entry.recipient.slice(0, 254), entry.locale.slice(0, 5), entry.dedupeKey, JSON.stringify(entry.payload ?? null)],
    );
    return this.notifications.findOneByOrFail({ dedupeKey: entry.dedupeKey });
  }

  async setSubject(id: number, subject: string): Promise<void> {
    await this.notifications.update({ id }, { subject: subject.slice(0, 255) });
  }

  async markSent(id: number): Promise<void> {
    await this.notifications.query(
      `UPDATE notifications SET status = 'sent', attempts = attempts + 1, sent_at = NOW(3), last_error = NULL WHERE id = ?`,
      [id],
    );
  }

  /** Counts a failed attempt; `final` when no retry will follow. A sent row is never touched. */
  async markAttemptFailed(id: number, error: string, final: boolean): Promise<void> {
    await this.notifications.query(
      `UPDATE notifications SET status = ?, attempts = attempts + 1, last_error = ? WHERE id = ? AND status <> 'sent'`,
      [final ? 'failed' : 'pending', error.slice(0, MAX_ERROR_LENGTH), id],
    );
  }

  /** The newest first, only the institution's own. */
  list(institutionId: number, filter: OutboxFilter): Promise<Notification[]> {
    const query = this.notifications
      .createQueryBuilder('n')
      .where('n.institution_id = :institutionId', { institutionId })
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(filter.limit);
    if (filter.to) query.andWhere('n.recipient = :to', { to: filter.to });
    if (filter.type) query.andWhere('n.type = :type', { type: filter.type });
    if (filter.status) query.andWhere('n.status = :status', { status: filter.status });
    return query.getMany();
  }
}
