import { ApiProperty } from '@nestjs/swagger';
import { PagePosition } from '@app/common';
import { WithContactColumns } from './contact-columns.dto';
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

class ContactIdResponse {
  @ApiProperty({ type: 'integer', example: 42 })
  id: number;
}

/** A contact: its id, its columns (from the contact columns table), criteria and authorizations. */
export class ContactResponse extends WithContactColumns(ContactIdResponse) {
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

export class ContactPageResponse extends PagePosition {
  @ApiProperty({ type: [ContactSummaryResponse], description: 'The contacts of this page, by id' })
  items: ContactSummaryResponse[];

  @ApiProperty({ type: 'integer', example: 1, description: 'How many contacts match, on every page' })
  total: number;
}
