import { DATA_TYPES, type DataType } from '@app/csv-schema';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { IssueCode } from '@app/common';
import { ISSUE_CODE_LIST } from '@app/common';

export class ImportCreatedResponse {
  @ApiProperty({ example: 42 }) id: number;
  @ApiProperty({
    enum: ['queued', 'running', 'validated', 'completed', 'failed', 'cancelled', 'reverted'],
    example: 'queued',
  })
  status: string;
}

export class ImportProgress {
  @ApiProperty({ example: 12000, description: 'Rows read so far' }) processed: number;
  @ApiProperty({ example: 50000, nullable: true, type: 'integer', description: 'Rows in the file, once known' }) total:
    number | null;
}

export class ImportCountsResponse {
  @ApiProperty({ example: 1000, description: 'Data rows read' }) rows: number;
  @ApiProperty({ example: 990 }) validRows: number;
  @ApiProperty({ example: 10, description: 'Rows with at least one error (skipped)' }) errorRows: number;
  @ApiProperty({ example: 350, description: 'Field values that differ from the current ones' }) changes: number;
  @ApiProperty({ example: 9550, description: 'Field values equal to the current ones' }) unchanged: number;
  @ApiProperty({ example: 2, description: 'Fields whose [old] value differs from the current one (STALE_VALUE)' })
  conflicts: number;
  @ApiProperty({ example: 348, description: 'Field values written (0 for validate)' }) applied: number;
}

export class FileErrorResponse {
  @ApiProperty({
    enum: ISSUE_CODE_LIST,
    enumName: 'IssueCode',
    example: 'UNKNOWN_CODE',
    description: 'A stable issue code; docs/issue-codes.md says what each means and how to fix it',
  })
  code: IssueCode;
  @ApiProperty({ example: 'Column "[new] MUSIK": no criterion has the code MUSIK' }) message: string;
}

export class ImportResponse {
  @ApiProperty({ example: 42 }) id: number;
  @ApiProperty({ enum: DATA_TYPES }) dataType: DataType;
  @ApiProperty({ enum: ['validate', 'apply'] }) mode: string;
  @ApiProperty({ enum: ['queued', 'running', 'validated', 'completed', 'failed', 'cancelled', 'reverted'] })
  status: string;
  @ApiProperty({ type: ImportProgress }) progress: ImportProgress;
  @ApiProperty({ type: ImportCountsResponse }) counts: ImportCountsResponse;
  @ApiProperty({
    type: [FileErrorResponse],
    description:
      'Why the file was refused: the first 100 file errors at most; `fileErrorsOmitted` counts the others, ' +
      'and the report (GET /imports/{id}/report) lists them all',
  })
  fileErrors: FileErrorResponse[];
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 0,
    description: 'How many file errors `fileErrors` leaves out (0 when it lists them all); the report has them all',
  })
  fileErrorsOmitted: number;
  @ApiProperty({ example: 'template-criteria-3.zip', description: 'The uploaded file name, for display' })
  fileName: string;
  @ApiProperty({ enum: ['skip', 'overwrite'] }) onConflict: string;
  @ApiProperty({ example: false }) allOrNothing: boolean;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-26T09:30:00.000Z' }) createdAt: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, example: '2026-11-26T09:31:12.000Z' })
  finishedAt: Date | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: null }) error: string | null;
  @ApiProperty({
    example:
      'Validated: 1 of 4 rows has errors and would be skipped; 3 values would change. See each one by line in the report (GET /imports/42/report; JSON with Accept: application/json). Fix those rows and upload the file again, or apply it as is with POST /imports/42/apply.',
    description: 'Where the import stands, how many rows have errors and where to read them, and what to do next',
  })
  summary: string;
  @ApiProperty({
    example: 'http://localhost:3003/imports/42/report',
    description:
      'The report of this import (API key needed): CSV, or paged JSON with Accept: application/json (include=changes adds the values written)',
  })
  reportUrl: string;
}
