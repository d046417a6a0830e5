import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An API key of an institution: its SHA-256 only; the key itself is shown once and never stored. */
@Entity('api_keys')
@Index('idx_api_keys_institution', ['institutionId', 'id'])
export class ApiKey {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ name: 'institution_id', unsigned: true })
  institutionId: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index('uq_api_keys_key_hash', { unique: true })
  @Column({ name: 'key_hash', type: 'char', length: 64, select: false })
  keyHash: string;

  @CreateDateColumn({ name: 'created_at', precision: 3 })
  createdAt: Date;

  /** Written at most once a minute per key and process (ApiKeyGuard), so it may lag by that much. */
  @Column({ name: 'last_used_at', type: 'datetime', precision: 3, nullable: true })
  lastUsedAt: Date | null;
}
