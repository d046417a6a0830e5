import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { EmptyAsAbsent, PageQuery } from '@app/common';

export const REPORT_INCLUDES = ['changes'] as const;

/** `GET /imports/{id}/report?page=&pageSize=&include=`: read by the JSON report only; the CSV is always whole. */
export class ImportReportQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: REPORT_INCLUDES,
    description:
      'JSON only: changes adds the same page of the values the apply wrote (the change log: contact, field, old and new value)',
  })
  @EmptyAsAbsent()
  @IsOptional()
  @IsIn(REPORT_INCLUDES, { message: 'include must be changes' })
  include?: (typeof REPORT_INCLUDES)[number];
}
