import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('contacts')
@Index('idx_contacts_institution', ['institutionId'])
@Index('idx_contacts_institution_email', ['institutionId', 'email'])
@Index('idx_contacts_institution_last_name', ['institutionId', 'lastName'])
@Index('idx_contacts_institution_first_name', ['institutionId', 'firstName'])
export class Contact {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ name: 'institution_id', unsigned: true })
  institutionId: number;

  @Column({ type: 'varchar', name: 'first_name', length: 100, default: '' })
  firstName: string;

  @Column({ type: 'varchar', name: 'last_name', length: 100, default: '' })
  lastName: string;

  @Column({ type: 'varchar', length: 254, default: '' })
  email: string;

  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate: string | null;

  @Column({ type: 'char', length: 2, nullable: true })
  language: string | null;

  /** E.164, e.g. +33612345678. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  phone: string | null;

  @CreateDateColumn({ name: 'created_at', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', precision: 3 })
  updatedAt: Date;
}
