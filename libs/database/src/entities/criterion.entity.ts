import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { CriterionValue } from './criterion-value.entity';

@Entity('criteria')
@Index('uq_criteria_institution_code', ['institutionId', 'code'], { unique: true })
export class Criterion {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ name: 'institution_id', unsigned: true })
  institutionId: number;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 255 })
  label: string;

  @Column({ name: 'multi_valued', type: 'boolean', default: false })
  multiValued: boolean;

  @CreateDateColumn({ name: 'created_at', precision: 3 })
  createdAt: Date;

  @OneToMany(() => CriterionValue, (value) => value.criterion)
  values: CriterionValue[];
}
