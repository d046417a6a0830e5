import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, AuthenticatedInstitution, CurrentInstitution, ApiIdParam } from '@app/common';
import { CreateTargetDto } from './dto/create-target.dto';
import { TargetPreviewResponse, TargetResponse } from './dto/target.response';
import { TargetsService } from './targets.service';

@ApiTags('targets')
@Controller('targets')
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  @Post()
  @ApiOperation({
    operationId: 'createTarget',
    summary: 'Save a dynamic target: a rule evaluated each time it is used',
  })
  @ApiCreatedResponse({ type: TargetResponse, description: 'The saved target' })
  @ApiErrors(400)
  create(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Body() body: CreateTargetDto,
  ): Promise<TargetResponse> {
    return this.targets.create(institution.id, body);
  }

  @Get()
  @ApiOperation({ operationId: 'listTargets', summary: 'List the targets' })
  @ApiOkResponse({ type: [TargetResponse], description: 'The targets of your institution, by id' })
  @ApiErrors()
  list(@CurrentInstitution() institution: AuthenticatedInstitution): Promise<TargetResponse[]> {
    return this.targets.list(institution.id);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getTarget', summary: 'Read a target' })
  @ApiIdParam('Target id')
  @ApiOkResponse({ type: TargetResponse, description: 'The target' })
  @ApiErrors(400, 404)
  get(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<TargetResponse> {
    return this.targets.get(institution.id, id);
  }

  @Put(':id')
  @ApiOperation({ operationId: 'updateTarget', summary: 'Replace the name and rule of a target' })
  @ApiIdParam('Target id')
  @ApiOkResponse({ type: TargetResponse, description: 'The target' })
  @ApiErrors(400, 404)
  update(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: CreateTargetDto,
  ): Promise<TargetResponse> {
    return this.targets.update(institution.id, id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'deleteTarget', summary: 'Delete a target' })
  @ApiIdParam('Target id')
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 404)
  remove(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<void> {
    return this.targets.remove(institution.id, id);
  }

  @Get(':id/preview')
  @ApiOperation({
    operationId: 'previewTarget',
    summary: 'Count the contacts the target selects now, with the first 10 by id',
  })
  @ApiIdParam('Target id')
  @ApiOkResponse({ type: TargetPreviewResponse, description: 'The count and the sample' })
  @ApiErrors(400, 404)
  preview(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<TargetPreviewResponse> {
    return this.targets.preview(institution.id, id);
  }
}
