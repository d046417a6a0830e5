import { ApiProperty } from '@nestjs/swagger';
import { CONTACT_LANGUAGES, ContactLanguage } from '@app/common';
import { ApiAuthorizationsMap, ApiCriteriaMap } from './create-contact.dto';

export class ContactSummaryResponse {
  @ApiProperty({ type: 'integer', example: 42 })
  id: number;

  @ApiProperty({ example: 'Claude' })
  firstName: string;

  @ApiProperty({ example: 'Debussy' })
  lastName: string;

  @ApiProperty({ example: 'claude.debussy@example.org' })
  email: string;
}

export class ContactResponse extends ContactSummaryResponse {
  @ApiProperty({
    type: 'string',
    format: 'date',
    nullable: true,
    example: '1980-12-31',
    description: 'Birth date YYYY-MM-DD, null when unknown',
  })
  birthDate: string | null;

  @ApiProperty({
    enum: CONTACT_LANGUAGES,
    nullable: true,
    example: 'fr',
    description: 'Language of the contact, null when unknown',
  })
  language: ContactLanguage | null;

  @ApiCriteriaMap('Every criterion of the institution -> the value codes of the contact, sorted ([] when none)')
  criteria: Record<string, string[]>;

  @ApiAuthorizationsMap('Every authorization of the institution -> true, false or null (empty)')
  authorizations: Record<string, boolean | null>;
}

export class BulkContactsResponse {
  @ApiProperty({
    type: 'integer',
    isArray: true,
    example: [101, 102, 103],
    description: 'Ids of the created contacts, in the order sent',
  })
  ids: number[];
}
