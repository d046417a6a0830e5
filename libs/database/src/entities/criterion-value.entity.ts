import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Criterion } from './criterion.entity';

@Entity('criterion_values')
@Index('uq_criterion_values_code', ['criterionId', 'code'], { unique: true })
export class CriterionValue {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ name: 'criterion_id', unsigned: true })
  criterionId: number;

  /** The internal code written in files, e.g. JAZZ. */
  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 255 })
  label: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @ManyToOne(() => Criterion, (criterion) => criterion.values, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'criterion_id' })
  criterion: Criterion;
}
