import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';
import { ContactColumnsBody } from './contact-columns.dto';

/** Swagger schema of a {CRITERION_CODE: [valueCode]} map. */
export const ApiCriteriaMap = (description: string, required = true) =>
  (required ? ApiProperty : ApiPropertyOptional)({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { MUSIC_TASTE: ['JAZZ', 'ROCK'] },
    description,
  });

/** Swagger schema of a {AUTHORIZATION_CODE: true|false|null} map. */
export const ApiAuthorizationsMap = (description: string, required = true) =>
  (required ? ApiProperty : ApiPropertyOptional)({
    type: 'object',
    additionalProperties: { type: 'boolean', nullable: true },
    example: { NEWSLETTER: true },
    description,
  });

/**
 * A contact to create: its columns (from the contact columns table, by the rules of a contacts import), criteria and
 * authorizations.
 */
export class CreateContactDto extends ContactColumnsBody() {
  @ApiCriteriaMap(
    'Criterion code -> value codes (at most one for a single-valued criterion). Criteria left out have no value.',
    false,
  )
  @IsOptional()
  @IsObject()
  criteria?: Record<string, string[]>;

  @ApiAuthorizationsMap('Authorization code -> true, false or null (empty). Authorizations left out are empty.', false)
  @IsOptional()
  @IsObject()
  authorizations?: Record<string, boolean | null>;
}
