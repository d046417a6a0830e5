import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiIdParam, AuthenticatedInstitution, CurrentInstitution } from '@app/common';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyResponse, CreatedApiKeyResponse } from './dto/api-key.response';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

@ApiTags('api-keys')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({
    operationId: 'createApiKey',
    summary: 'Create another API key of your institution (the others keep working until revoked)',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse, description: 'The new key, shown only in this answer' })
  @ApiErrors(400)
  create(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Body() body: CreateApiKeyDto,
  ): Promise<CreatedApiKeyResponse> {
    return this.apiKeys.create(institution.id, body.name);
  }

  @Get()
  @ApiOperation({ operationId: 'listApiKeys', summary: 'The API keys of your institution (never the keys themselves)' })
  @ApiOkResponse({ type: ApiKeyResponse, isArray: true, description: 'The keys, the oldest first' })
  @ApiErrors()
  list(@CurrentInstitution() institution: AuthenticatedInstitution): Promise<ApiKeyResponse[]> {
    return this.apiKeys.list(institution.id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'revokeApiKey',
    summary:
      'Revoke an API key: it stops working at once, even the one of this request; the last key cannot be revoked (409)',
  })
  @ApiIdParam('API key id (GET /api-keys)')
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrors(400, 404, 409)
  async revoke(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<void> {
    await this.apiKeys.revoke(institution.id, id);
  }
}
