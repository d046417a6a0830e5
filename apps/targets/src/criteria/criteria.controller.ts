import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  getSchemaPath,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors, AuthenticatedInstitution, CurrentInstitution } from '@app/common';
import { ParseItemsPipe } from '../common/parse-items.pipe';
import { CreateCriterionDto, CreateCriterionValueDto } from './dto/create-criterion.dto';
import { CriterionResponse, CriterionValueResponse } from './dto/criterion.response';
import { CriteriaService } from './criteria.service';

// No example: a path parameter names a record the operator chooses (see ApiIdParam).
const CODE_PARAM = { name: 'code', description: 'Criterion code' };

@ApiTags('criteria')
@Controller('criteria')
export class CriteriaController {
  constructor(private readonly criteria: CriteriaService) {}

  @Post()
  @ApiOperation({ operationId: 'createCriterion', summary: 'Define a criterion and its values' })
  @ApiCreatedResponse({ type: CriterionResponse, description: 'The created criterion with its values' })
  @ApiErrors(400, 'CRITERION_EXISTS')
  create(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Body() body: CreateCriterionDto,
  ): Promise<CriterionResponse> {
    return this.criteria.create(institution.id, body);
  }

  @Get()
  @ApiOperation({ operationId: 'listCriteria', summary: 'List the criteria with their values, sorted by code' })
  @ApiOkResponse({ type: [CriterionResponse], description: 'The criteria of your institution' })
  @ApiErrors()
  list(@CurrentInstitution() institution: AuthenticatedInstitution): Promise<CriterionResponse[]> {
    return this.criteria.list(institution.id);
  }

  @Get(':code/values')
  @ApiOperation({
    operationId: 'listCriterionValues',
    summary: 'See the values of a criterion (the codes to write in files)',
  })
  @ApiParam(CODE_PARAM)
  @ApiOkResponse({ type: [CriterionValueResponse], description: 'The values of the criterion, sorted by code' })
  @ApiErrors(404)
  values(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Param('code') code: string,
  ): Promise<CriterionValueResponse[]> {
    return this.criteria.values(institution.id, code);
  }

  @Post(':code/values')
  @ApiOperation({ operationId: 'addCriterionValues', summary: 'Add values to a criterion; answers all its values' })
  @ApiParam(CODE_PARAM)
  @ApiExtraModels(CreateCriterionValueDto)
  @ApiBody({
    schema: {
      type: 'array',
      minItems: 1,
      items: { $ref: getSchemaPath(CreateCriterionValueDto) },
      example: [{ code: 'BLUES', label: 'Blues' }],
    },
  })
  @ApiCreatedResponse({
    type: [CriterionValueResponse],
    description: 'All the values of the criterion, new ones included',
  })
  @ApiErrors(400, 404, 'VALUE_EXISTS')
  addValues(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Param('code') code: string,
    @Body(new ParseItemsPipe(CreateCriterionValueDto, { minItems: 1 }))
    body: CreateCriterionValueDto[],
  ): Promise<CriterionValueResponse[]> {
    return this.criteria.addValues(institution.id, code, body);
  }
}
