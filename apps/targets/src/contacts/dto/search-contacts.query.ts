import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '@app/common';

/** Trimmed; an empty field (as Swagger UI and HTML forms send one) counts as absent. */
const trimmedOrAbsent = ({ value }: { value: unknown }) => {
  const text = typeof value === 'string' ? value.trim() : value;
  return text === '' ? undefined : text;
};

/** `?email=&q=` and the paging every list shares (PageQuery). */
export class SearchContactsQuery extends PageQuery {
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
}
