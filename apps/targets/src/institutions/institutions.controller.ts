import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly, ApiErrors } from '@app/common';
import { CreateInstitutionDto } from './dto/create-institution.dto';
import { InstitutionResponse } from './dto/institution.response';
import { InstitutionsService } from './institutions.service';

@ApiTags('institutions')
@Controller('institutions')
export class InstitutionsController {
  constructor(private readonly institutions: InstitutionsService) {}

  @Post()
  @AdminOnly()
  @ApiOperation({ operationId: 'createInstitution', summary: 'Create an institution and its API key (admin key only)' })
  @ApiCreatedResponse({
    type: InstitutionResponse,
    description: 'The created institution with its API key (shown only once)',
  })
  @ApiErrors(400, 'INSTITUTION_EXISTS')
  create(@Body() body: CreateInstitutionDto): Promise<InstitutionResponse> {
    return this.institutions.create(body);
  }
}
