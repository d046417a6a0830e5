import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type NotificationStatus = 'pending' | 'sent' | 'failed';

/** The outbox: one row per e-mail, whatever happens to its delivery. */
@Entity('notifications')
@Index('uq_notifications_dedupe', ['dedupeKey'], { unique: true })
@Index('idx_notifications_recipient', ['recipient'])
@Index('idx_notifications_status', ['status'])
@Index('idx_notifications_export', ['institutionId', 'exportId'])
@Index('idx_notifications_import', ['institutionId', 'importId'])
export class Notification {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ name: 'institution_id', type: 'int', unsigned: true, nullable: true })
  institutionId: number | null;

  /** The template export the e-mail is about (template-export.*), else null. */
  @Column({ name: 'export_id', type: 'int', unsigned: true, nullable: true })
  exportId: number | null;

  /** The import the e-mail is about (import.*), else null. */
  @Column({ name: 'import_id', type: 'int', unsigned: true, nullable: true })
  importId: number | null;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  @Column({ type: 'varchar', length: 5, default: 'fr' })
  locale: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  subject: string | null;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: NotificationStatus;

  @Column({ unsigned: true, default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true })
  sentAt: Date | null;

  /** One mail per business event, even when the queue message is delivered twice. */
  @Column({ type: 'varchar', name: 'dedupe_key', length: 128 })
  dedupeKey: string;

  @Column({ type: 'json', nullable: true })
  payload: unknown;

  @CreateDateColumn({ name: 'created_at', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', precision: 3 })
  updatedAt: Date;
}
