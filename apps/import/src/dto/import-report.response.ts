import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { IssueCode, IssueSeverity } from '@app/common';
import { ISSUE_CODE_LIST, PagePosition } from '@app/common';

export const ISSUE_SEVERITIES: IssueSeverity[] = ['error', 'warning', 'conflict'];
export const CHANGE_FIELD_TYPES = ['criterion', 'authorization', 'contact'] as const;

/** One line of the report: the CSV's columns, as JSON. */
export class ReportLineResponse {
  @ApiProperty({ type: 'integer', example: 7, description: 'Line of the file as a spreadsheet shows it (0: the file)' })
  line: number;
  @ApiProperty({ example: '1024', description: 'The contact_id cell of that line, as written (empty for the file)' })
  contactId: string;
  @ApiProperty({ example: '[new] NEWSLETTER', description: 'The column, empty for a row or file issue' })
  column: string;
  @ApiProperty({ type: String, nullable: true, example: 'yes', description: 'The cell as read' })
  value: string | null;
  @ApiProperty({ enum: ISSUE_CODE_LIST, enumName: 'IssueCode', example: 'INVALID_BOOLEAN' })
  code: IssueCode;
  @ApiProperty({ enum: ISSUE_SEVERITIES, example: 'error' })
  severity: IssueSeverity;
  @ApiProperty({ example: '"yes" is not an authorization value: write TRUE, FALSE or leave the cell empty' })
  message: string;
}

/** One value an apply wrote, from the change log (what a revert reads). */
export class ImportChangeResponse {
  @ApiProperty({ type: 'integer', example: 7, description: 'Line of the file that asked for it' })
  line: number;
  @ApiProperty({ type: 'integer', example: 1024 })
  contactId: number;
  @ApiProperty({ enum: CHANGE_FIELD_TYPES, example: 'authorization', description: 'The kind of field' })
  fieldType: (typeof CHANGE_FIELD_TYPES)[number];
  @ApiProperty({
    example: 'NEWSLETTER',
    description: 'Criterion or authorization code, or contact column; __created for a contact the import created',
  })
  field: string;
  @ApiProperty({ example: 'TRUE', description: 'The value before, as a file writes it (empty: no value)' })
  oldValue: string;
  @ApiProperty({ example: 'FALSE', description: 'The value the import wrote, as a file writes it' })
  newValue: string;
  @ApiProperty({ example: false, description: 'Restored by a revert' })
  reverted: boolean;
}

export class ImportChangePage {
  @ApiProperty({ type: [ImportChangeResponse] })
  items: ImportChangeResponse[];
  @ApiProperty({ type: 'integer', example: 348, description: 'Changes the import logged, on every page' })
  total: number;
}

/** The report as JSON: a page of its lines, and with include=changes the same page of the change log. */
export class ImportReportPage extends PagePosition {
  @ApiProperty({ type: [ReportLineResponse] })
  items: ReportLineResponse[];
  @ApiProperty({ type: 'integer', example: 12, description: 'Lines of the whole report' })
  total: number;
  @ApiPropertyOptional({
    type: ImportChangePage,
    description: 'With include=changes: the values written, page `page` of `pageSize` of them',
  })
  changes?: ImportChangePage;
}
