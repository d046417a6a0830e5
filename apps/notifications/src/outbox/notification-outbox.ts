import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Notification, NotificationStatus, withNamedLock } from '@app/database';

export interface OutboxEntry {
  institutionId: number | null;
  exportId: number | null;
  importId: number | null;
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
  exportId?: number;
  importId?: number;
  limit: number;
}

const MAX_ERROR_LENGTH = 2000;
const LOCK_WAIT_SECONDS = 30;

/** The notifications table: one row per e-mail (per dedupeKey), whatever happens to its delivery. */
@Injectable()
export class NotificationOutbox {
  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Runs `work` while holding the lock of this event, so two workers given the same event at the
   * same time (two jobs, two processes) never both send it: the second one then finds it sent.
   */
  async exclusively<T>(dedupeKey: string, work: () => Promise<T>): Promise<T> {
    const done = await withNamedLock(this.dataSource, `notification:${dedupeKey}`, LOCK_WAIT_SECONDS, work);
    if (!done.locked)
      throw new Error(`Notification ${dedupeKey} is being delivered by another worker; it will be checked again`);
    return done.value;
  }

  /** Creates the row of this event if it does not exist yet and returns it as it is now. */
  async open(entry: OutboxEntry): Promise<Notification> {
    await this.notifications.query(
      `INSERT INTO notifications (institution_id, export_id, import_id, type, recipient, locale, status, attempts, dedupe_key, payload)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
       ON DUPLICATE KEY UPDATE id = id`,
      [
        entry.institutionId,
        entry.exportId,
        entry.importId,
        entry.type,
        entry.recipient.slice(0, 254),
        entry.locale.slice(0, 5),
        entry.dedupeKey,
        JSON.stringify(entry.payload ?? null),
      ],
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
    if (filter.exportId !== undefined) query.andWhere('n.export_id = :exportId', { exportId: filter.exportId });
    if (filter.importId !== undefined) query.andWhere('n.import_id = :importId', { importId: filter.importId });
    return query.getMany();
  }
}
