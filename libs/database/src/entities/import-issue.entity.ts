import type { IssueCode, IssueSeverity } from '@app/common';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type { IssueSeverity };

/** One line of an import's report: an error, a warning or a conflict on a cell. */
@Entity('import_issues')
@Index('idx_import_issues_import', ['importId', 'line'])
export class ImportIssue {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ name: 'import_id', unsigned: true })
  importId: number;

  /** Line number as a spreadsheet shows it (the header is line 1). 0 for file-level issues. */
  @Column({ unsigned: true })
  line: number;

  @Column({ type: 'varchar', name: 'contact_id', length: 64, default: '' })
  contactId: string;

  @Column({ type: 'varchar', name: 'column_name', length: 255, default: '' })
  column: string;

  @Column({ type: 'text', nullable: true })
  value: string | null;

  @Column({ type: 'varchar', length: 40 })
  code: IssueCode;

  @Column({ type: 'varchar', length: 10 })
  severity: IssueSeverity;

  @Column({ type: 'text' })
  message: string;
}
