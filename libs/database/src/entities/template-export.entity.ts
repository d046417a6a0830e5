import type { DataType } from '@app/csv-schema';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type JobStatus = 'queued' | 'running' | 'completed' | 'failed';

@Entity('template_exports')
@Index('idx_template_exports_institution', ['institutionId', 'id'])
@Index('uq_template_exports_idempotency', ['institutionId', 'idempotencyKey'], { unique: true })
@Index('idx_template_exports_status', ['status', 'finishedAt'])
export class TemplateExport {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ name: 'institution_id', unsigned: true })
  institutionId: number;

  @Column({ name: 'target_id', unsigned: true })
  targetId: number;

  @Column({ type: 'varchar', name: 'data_type', length: 20 })
  dataType: DataType;

  /** Field codes asked for; null means every field of the type. */
  @Column({ type: 'json', nullable: true })
  fields: string[] | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 5, default: 'fr' })
  locale: string;

  @Column({ type: 'char', length: 1, default: ',' })
  delimiter: string;

  @Column({ type: 'varchar', length: 8, default: 'csv' })
  format: string;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: JobStatus;

  @Column({ unsigned: true, default: 0 })
  processed: number;

  @Column({ type: 'int', unsigned: true, nullable: true })
  total: number | null;

  @Column({ name: 'row_count', type: 'int', unsigned: true, nullable: true })
  rowCount: number | null;

  @Column({ name: 'file_name', type: 'varchar', length: 255, nullable: true })
  fileName: string | null;

  @Column({ name: 'file_size', type: 'bigint', unsigned: true, nullable: true })
  fileSize: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 255, nullable: true })
  idempotencyKey: string | null;

  /** SHA-256 (hex) of the request that took the idempotency key: the same key with another request is refused. */
  @Column({ name: 'idempotency_digest', type: 'char', length: 64, nullable: true })
  idempotencyDigest: string | null;

  @CreateDateColumn({ name: 'created_at', precision: 3 })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'datetime', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt: Date | null;
}
