import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type FieldType = 'criterion' | 'authorization' | 'contact';

/** The audit log of an apply: what each field held before and what the import wrote. */
@Entity('import_changes')
@Index('uq_import_changes_field', ['importId', 'contactId', 'fieldType', 'fieldCode'], { unique: true })
@Index('idx_import_changes_contact', ['contactId'])
export class ImportChange {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ name: 'import_id', unsigned: true })
  importId: number;

  @Column({ name: 'contact_id', unsigned: true })
  contactId: number;

  @Column({ type: 'varchar', name: 'field_type', length: 16 })
  fieldType: FieldType;

  @Column({ type: 'varchar', name: 'field_code', length: 64 })
  fieldCode: string;

  /** Values as written in files: codes joined by |, TRUE/FALSE, or '' for empty. */
  @Column({ name: 'old_value', type: 'text' })
  oldValue: string;

  @Column({ name: 'new_value', type: 'text' })
  newValue: string;

  @Column({ unsigned: true })
  line: number;

  @Column({ type: 'boolean', default: false })
  reverted: boolean;

  @CreateDateColumn({ name: 'created_at', precision: 3 })
  createdAt: Date;
}
