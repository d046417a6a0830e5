import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  getSchemaPath,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors, AuthenticatedInstitution, CurrentInstitution, ApiIdParam } from '@app/common';
import { ParseItemsPipe } from '../common/parse-items.pipe';
import { CreateContactDto } from './dto/create-contact.dto';
import { BulkContactsResponse, ContactPageResponse, ContactResponse } from './dto/contact.response';
import { SearchContactsQuery } from './dto/search-contacts.query';
import { ContactsService, MAX_BULK_CONTACTS } from './contacts.service';

const BULK_EXAMPLE = [
  {
    firstName: 'Maurice',
    lastName: 'Ravel',
    email: 'maurice.ravel@example.org',
    criteria: { MUSIC_TASTE: ['JAZZ'] },
    authorizations: { NEWSLETTER: true },
  },
  { firstName: 'Erik', lastName: 'Satie', email: 'erik.satie@example.org', authorizations: { NEWSLETTER: false } },
];

@ApiTags('contacts')
@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Post()
  @ApiOperation({
    operationId: 'createContact',
    summary: 'Create a contact with its criterion values and authorizations',
  })
  @ApiCreatedResponse({ type: ContactResponse, description: 'The created contact, as GET /contacts/{id} answers it' })
  @ApiErrors(400)
  create(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Body() body: CreateContactDto,
  ): Promise<ContactResponse> {
    return this.contacts.create(institution.id, body);
  }

  @Post('bulk')
  @ApiOperation({
    operationId: 'createContactsBulk',
    summary: `Create 1 to ${MAX_BULK_CONTACTS} contacts at once, all or none; errors name the array index`,
  })
  @ApiExtraModels(CreateContactDto)
  @ApiBody({
    schema: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_BULK_CONTACTS,
      items: { $ref: getSchemaPath(CreateContactDto) },
      // Other e-mails than createContact's example, so that both examples run on one institution.
      example: BULK_EXAMPLE,
    },
  })
  @ApiCreatedResponse({ type: BulkContactsResponse, description: 'The ids of the created contacts' })
  @ApiErrors(400, 413)
  async createMany(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Body(new ParseItemsPipe(CreateContactDto, { minItems: 1, maxItems: MAX_BULK_CONTACTS }))
    body: CreateContactDto[],
  ): Promise<BulkContactsResponse> {
    return { ids: await this.contacts.createMany(institution.id, body) };
  }

  @Get()
  @ApiOperation({
    operationId: 'searchContacts',
    summary: 'Find contacts by e-mail or by the start of their names or e-mail, a page at a time, by id',
  })
  @ApiOkResponse({ type: ContactPageResponse, description: 'One page of the matching contacts and their total' })
  @ApiErrors(400)
  search(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Query() query: SearchContactsQuery,
  ): Promise<ContactPageResponse> {
    return this.contacts.search(institution.id, query);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getContact',
    summary: 'Read a contact with every criterion and authorization of the institution',
  })
  @ApiIdParam('Contact id')
  @ApiOkResponse({ type: ContactResponse, description: 'The contact' })
  @ApiErrors(400, 404)
  get(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<ContactResponse> {
    return this.contacts.get(institution.id, id);
  }
}
