import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { EmptyAsAbsent } from './empty-as-absent';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
/** Far beyond any list here; it keeps OFFSET a sane number. */
export const MAX_PAGE = 1_000_000;

const PAGE_MESSAGE = `page must be a whole number between 1 and ${MAX_PAGE}`;
const PAGE_SIZE_MESSAGE = `pageSize must be a whole number between 1 and ${MAX_PAGE_SIZE}`;

/** `?page=&pageSize=` of a paged list, answered as `{items, total, page, pageSize}`; empty counts as absent. */
export class PageQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE,
    default: 1,
    description: 'Which page, from 1',
  })
  @EmptyAsAbsent()
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: PAGE_MESSAGE })
  @Min(1, { message: PAGE_MESSAGE })
  @Max(MAX_PAGE, { message: PAGE_MESSAGE })
  page?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    description: `How many items a page holds, at most ${MAX_PAGE_SIZE}`,
  })
  @EmptyAsAbsent()
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: PAGE_SIZE_MESSAGE })
  @Min(1, { message: PAGE_SIZE_MESSAGE })
  @Max(MAX_PAGE_SIZE, { message: PAGE_SIZE_MESSAGE })
  pageSize?: number;
}

/** The page a query asks for, defaults applied, and the rows before it. */
export function pageOf(query: PageQuery): { page: number; pageSize: number; offset: number } {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** Where a page of `{items, total, page, pageSize}` sits; each paged answer extends it with its own items and total. */
export abstract class PagePosition {
  @ApiProperty({ type: 'integer', example: 1, description: 'Which page this is, from 1' })
  page: number;

  @ApiProperty({ type: 'integer', example: DEFAULT_PAGE_SIZE, description: 'How many items a page holds at most' })
  pageSize: number;
}
