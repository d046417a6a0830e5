import { DATA_TYPES, type DataType } from '@app/csv-schema';
import { PagePosition } from '@app/common';
import { ApiProperty } from '@nestjs/swagger';

export const TEMPLATE_EXPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type TemplateExportStatus = (typeof TEMPLATE_EXPORT_STATUSES)[number];

export class TemplateExportCreatedResponse {
  @ApiProperty({ example: 42 })
  id: number;

  @ApiProperty({ enum: TEMPLATE_EXPORT_STATUSES, example: 'queued' })
  status: string;
}

export class ExportProgress {
  @ApiProperty({ example: 1500, description: 'Contacts written so far' })
  processed: number;

  @ApiProperty({
    example: 2000,
    nullable: true,
    type: Number,
    description: 'Contacts of the target when the job started; null while queued',
  })
  total: number | null;
}

export class TemplateExportResponse {
  @ApiProperty({ example: 42 })
  id: number;

  @ApiProperty({ enum: DATA_TYPES, example: 'criteria' })
  dataType: DataType;

  @ApiProperty({ example: 12 })
  targetId: number;

  @ApiProperty({ enum: TEMPLATE_EXPORT_STATUSES, example: 'completed' })
  status: string;

  @ApiProperty({ type: ExportProgress })
  progress: ExportProgress;

  @ApiProperty({
    nullable: true,
    type: Number,
    example: 2000,
    description: 'Rows of the file (one per contact), once completed',
  })
  rowCount: number | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'template-criteria-12-20261126-013300.zip',
    description: 'Name of the zip, once completed',
  })
  fileName: string | null;

  @ApiProperty({
    nullable: true,
    type: Number,
    example: 48213,
    description: 'Size of the zip in bytes, once completed',
  })
  fileSize: number | null;

  @ApiProperty({ nullable: true, type: String, example: null, description: 'Why the export failed, and what to do' })
  error: string | null;

  @ApiProperty({ example: '2026-11-26T01:33:00.000Z' })
  createdAt: string;

  @ApiProperty({ nullable: true, type: String, example: '2026-11-26T01:33:04.000Z' })
  finishedAt: string | null;
}

/** A page of the institution's template exports, newest first. */
export class TemplateExportPage extends PagePosition {
  @ApiProperty({ type: [TemplateExportResponse] })
  items: TemplateExportResponse[];

  @ApiProperty({ type: 'integer', example: 12, description: 'Exports matching the filters, on every page' })
  total: number;
}
