import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('authorizations')
@Index('uq_authorizations_institution_code', ['institutionId', 'code'], { unique: true })
export class Authorization {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ name: 'institution_id', unsigned: true })
  institutionId: number;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 255 })
  label: string;

  @CreateDateColumn({ name: 'created_at', precision: 3 })
  createdAt: Date;
}
