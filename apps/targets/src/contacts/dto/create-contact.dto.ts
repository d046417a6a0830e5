import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** Swagger schema of a {CRITERION_CODE: [valueCode]} map. */
export const ApiCriteriaMap = (description: string, required = true) =>
  (required ? ApiProperty : ApiPropertyOptional)({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { MUSIC_TASTE: ['JAZZ', 'ROCK'], CITY: ['LILLE'] },
    description,
  });

/** Swagger schema of a {AUTHORIZATION_CODE: true|false|null} map. */
export const ApiAuthorizationsMap = (description: string, required = true) =>
  (required ? ApiProperty : ApiPropertyOptional)({
    type: 'object',
    additionalProperties: { type: 'boolean', nullable: true },
    example: { NEWSLETTER: true, SMS: false, PARTNER_OFFERS: null },
    description,
  });

export class CreateContactDto {
  @ApiProperty({ example: 'Claude', maxLength: 100 })
  @IsString()
  @MaxLength(100)
  firstName: string;

  @ApiProperty({ example: 'Debussy', maxLength: 100 })
  @IsString()
  @MaxLength(100)
  lastName: string;

  @ApiProperty({ example: 'claude.debussy@example.org', maxLength: 254, description: 'An e-mail address, or "" when unknown' })
  @IsString()
  @MaxLength(254)
  @Matches(/^$|^[^\s@]+@[^\s@]+$/, { message: 'email must look like name@example.org (or be empty)' })
  email: string;

  @ApiCriteriaMap('Criterion code -> value codes (at most one for a single-valued criterion). Criteria left out have no value.', false)
  @IsOptional()
  @IsObject()
  criteria?: Record<string, string[]>;

  @ApiAuthorizationsMap('Authorization code -> true, false or null (empty). Authorizations left out are empty.', false)
  @IsOptional()
  @IsObject()
  authorizations?: Record<string, boolean | null>;
}
