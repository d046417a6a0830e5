import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('institutions')
export class Institution {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  /** SHA-256 of the API key; the key itself is shown once and never stored. */
  @Column({ name: 'api_key_hash', type: 'char', length: 64, unique: true, select: false })
  apiKeyHash: string;

  @CreateDateColumn({ name: 'created_at', precision: 3 })
  createdAt: Date;
}
