import type { IssueCode } from '@app/common';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DataType } from '@app/csv-schema';

export type ImportMode = 'validate' | 'apply';
export type ImportStatus = 'queued' | 'running' | 'validated' | 'completed' | 'failed' | 'cancelled' | 'reverted';
export type OnConflict = 'skip' | 'overwrite';

export interface FileError {
  code: IssueCode;
  message: string;
}

@Entity('imports')
@Index('idx_imports_institution', ['institutionId', 'id'])
@Index('uq_imports_idempotency', ['institutionId', 'idempotencyKey'], { unique: true })
@Index('idx_imports_status', ['status'])
export class Import {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ name: 'institution_id', unsigned: true })
  institutionId: number;

  @Column({ type: 'varchar', name: 'data_type', length: 20 })
  dataType: DataType;

  @Column({ type: 'varchar', length: 10 })
  mode: ImportMode;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: ImportStatus;

  @Column({ type: 'varchar', name: 'on_conflict', length: 10, default: 'skip' })
  onConflict: OnConflict;

  @Column({ name: 'all_or_nothing', type: 'boolean', default: false })
  allOrNothing: boolean;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 5, default: 'fr' })
  locale: string;

  /** The uploader's file name, for display only: never used as a path. */
  @Column({ type: 'varchar', name: 'original_name', length: 255 })
  originalName: string;

  /** Name of the stored upload under FILES_DIR/imports. */
  @Column({ type: 'varchar', name: 'stored_name', length: 255 })
  storedName: string;

  @Column({ name: 'file_size', type: 'bigint', unsigned: true, default: 0 })
  fileSize: number;

  @Column({ unsigned: true, default: 0 })
  processed: number;

  @Column({ type: 'int', unsigned: true, nullable: true })
  total: number | null;

  @Column({ name: 'rows_count', unsigned: true, default: 0 }) rows: number;
  @Column({ name: 'valid_rows', unsigned: true, default: 0 }) validRows: number;
  @Column({ name: 'error_rows', unsigned: true, default: 0 }) errorRows: number;
  @Column({ unsigned: true, default: 0 }) changes: number;
  @Column({ unsigned: true, default: 0 }) unchanged: number;
  @Column({ unsigned: true, default: 0 }) conflicts: number;
  @Column({ unsigned: true, default: 0 }) applied: number;
  @Column({ unsigned: true, default: 0 }) warnings: number;

  @Column({ name: 'file_errors', type: 'json', nullable: true })
  fileErrors: FileError[] | null;

  /** The file errors left out of `fileErrors` (it keeps the first 100; the report has them all). */
  @Column({ name: 'file_errors_omitted', unsigned: true, default: 0 })
  fileErrorsOmitted: number;

  /** Resume cursor: the last file line whose batch is committed (0 = none). */
  @Column({ name: 'last_applied_line', unsigned: true, default: 0 })
  lastAppliedLine: number;

  @Column({ name: 'cancel_requested', type: 'boolean', default: false })
  cancelRequested: boolean;

  /** Set when a revert is asked: a running import with it set is reverting (its lost job resumes as a revert). */
  @Column({ name: 'revert_requested', type: 'boolean', default: false })
  revertRequested: boolean;

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
