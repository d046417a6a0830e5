import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { EmptyAsAbsent, PageQuery } from '@app/common';
import { TEMPLATE_EXPORT_STATUSES, type TemplateExportStatus } from './template-export.response';

/** `GET /template-exports?status=&targetId=&page=&pageSize=`; an empty filter counts as absent. */
export class ListTemplateExportsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TEMPLATE_EXPORT_STATUSES, description: 'Only the exports in this state' })
  @EmptyAsAbsent()
  @IsOptional()
  @IsIn(TEMPLATE_EXPORT_STATUSES, { message: `status must be one of: ${TEMPLATE_EXPORT_STATUSES.join(', ')}` })
  status?: TemplateExportStatus;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Only the exports of this dynamic target' })
  @EmptyAsAbsent()
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'targetId must be the id of a target, a whole number from 1' })
  @Min(1, { message: 'targetId must be the id of a target, a whole number from 1' })
  targetId?: number;
}
