import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE = 1_000_000;

/** Trimmed; an empty field (as Swagger UI and HTML forms send one) counts as absent. */
const trimmedOrAbsent = ({ value }: { value: unknown }) => {
  const text = typeof value === 'string' ? value.trim() : value;
  return text === '' ? undefined : text;
};
const wholeNumberOrAbsent = ({ value }: { value: unknown }) => {
  const text = trimmedOrAbsent({ value });
  return typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : text;
};

export class SearchContactsQuery {
  @ApiPropertyOptional({
    description: 'Only the contacts with exactly this e-mail address (case and surrounding spaces ignored)',
    maxLength: 254,
  })
  @Transform(trimmedOrAbsent)
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({
    description:
      'Only the contacts whose first name, last name or e-mail starts with each word of q (case and accents ignored), e.g. "mart" or "ana mart"',
    maxLength: 100,
  })
  @Transform(trimmedOrAbsent)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE,
    default: 1,
    description: 'The page, from 1',
  })
  @Transform(wholeNumberOrAbsent)
  @IsOptional()
  @IsInt({ message: `page must be a whole number between 1 and ${MAX_PAGE}` })
  @Min(1, { message: `page must be a whole number between 1 and ${MAX_PAGE}` })
  @Max(MAX_PAGE, { message: `page must be a whole number between 1 and ${MAX_PAGE}` })
  page?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    description: 'Contacts per page',
  })
  @Transform(wholeNumberOrAbsent)
  @IsOptional()
  @IsInt({ message: `pageSize must be a whole number between 1 and ${MAX_PAGE_SIZE}` })
  @Min(1, { message: `pageSize must be a whole number between 1 and ${MAX_PAGE_SIZE}` })
  @Max(MAX_PAGE_SIZE, { message: `pageSize must be a whole number between 1 and ${MAX_PAGE_SIZE}` })
  pageSize?: number;
}
