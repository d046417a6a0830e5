import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { checkBirthDay, CONTACT_LANGUAGES, ContactLanguage, FIRST_BIRTH_YEAR } from '@app/common';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';

/** Why `value` is not a birth date (`YYYY-MM-DD`, a real day from FIRST_BIRTH_YEAR to today, UTC), or null when it is one. */
export function birthDateProblem(value: unknown, today = new Date().toISOString().slice(0, 10)): string | null {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return 'must be a date written YYYY-MM-DD, e.g. 1980-12-31 (or null)';
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const checked = checkBirthDay(year, month, day, today);
  if (!('problem' in checked)) return null;
  if (checked.problem === 'IMPOSSIBLE') return `${value} is not a real date (day ${day}, month ${month})`;
  if (checked.problem === 'TOO_EARLY') return `${value} is before ${FIRST_BIRTH_YEAR}; check the year`;
  return `${value} is in the future; a birth date is today or earlier`;
}

/** A birth date `YYYY-MM-DD` that exists and is not in the future; the message names the property. */
const IsBirthDate = () =>
  ValidateBy({
    name: 'isBirthDate',
    validator: {
      validate: (value) => birthDateProblem(value) === null,
      defaultMessage: (args) => `${args?.property} ${birthDateProblem(args?.value)}`,
    },
  });

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

  @ApiProperty({
    example: 'claude.debussy@example.org',
    maxLength: 254,
    description: 'An e-mail address, or "" when unknown',
  })
  @IsString()
  @MaxLength(254)
  @Matches(/^$|^[^\s@]+@[^\s@]+$/, { message: 'email must look like name@example.org (or be empty)' })
  email: string;

  @ApiPropertyOptional({
    type: 'string',
    format: 'date',
    nullable: true,
    example: '1980-12-31',
    description: 'Birth date YYYY-MM-DD: a real date, from 1880 to today (UTC); null or left out when unknown',
  })
  @IsOptional()
  @IsBirthDate()
  birthDate?: string | null;

  @ApiPropertyOptional({
    enum: CONTACT_LANGUAGES,
    nullable: true,
    example: 'fr',
    description: 'Language of the contact; null or left out when unknown',
  })
  @IsOptional()
  @IsIn(CONTACT_LANGUAGES as unknown as string[], {
    message: `language must be one of ${CONTACT_LANGUAGES.join(', ')} (or null)`,
  })
  language?: ContactLanguage | null;

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
