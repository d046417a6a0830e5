import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, AuthenticatedInstitution, CurrentInstitution } from '@app/common';
import { CreateAuthorizationDto } from './dto/create-authorization.dto';
import { AuthorizationResponse } from './dto/authorization.response';
import { AuthorizationsService } from './authorizations.service';

@ApiTags('authorizations')
@Controller('authorizations')
export class AuthorizationsController {
  constructor(private readonly authorizations: AuthorizationsService) {}

  @Post()
  @ApiOperation({
    operationId: 'createAuthorization',
    summary: 'Define an authorization (a tri-state consent: true, false or empty)',
  })
  @ApiCreatedResponse({ type: AuthorizationResponse, description: 'The created authorization' })
  @ApiErrors(400, 'AUTHORIZATION_EXISTS')
  create(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Body() body: CreateAuthorizationDto,
  ): Promise<AuthorizationResponse> {
    return this.authorizations.create(institution.id, body);
  }

  @Get()
  @ApiOperation({ operationId: 'listAuthorizations', summary: 'List the authorizations, sorted by code' })
  @ApiOkResponse({ type: [AuthorizationResponse], description: 'The authorizations of your institution' })
  @ApiErrors()
  list(@CurrentInstitution() institution: AuthenticatedInstitution): Promise<AuthorizationResponse[]> {
    return this.authorizations.list(institution.id);
  }
}
