import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ApiErrors,
  ApiIdempotent,
  AuthenticatedInstitution,
  CurrentInstitution,
  IdempotencyKey,
  ApiIdParam,
  markReplayed,
} from '@app/common';
import { CreateTemplateExportDto } from './dto/create-template-export.dto';
import { ListTemplateExportsQuery } from './dto/list-template-exports.query';
import {
  TemplateExportCreatedResponse,
  TemplateExportPage,
  TemplateExportResponse,
} from './dto/template-export.response';
import { ExportFile, TemplateExportsService } from './template-exports.service';

/** targetId is the one value to change: the id of a target of yours (POST /targets answers it). */
const CREATE_EXAMPLES = {
  criteria: {
    summary: 'The MUSIC_TASTE column of a target, as CSV',
    value: { dataType: 'criteria', targetId: 1, fields: ['MUSIC_TASTE'] },
  },
};

@ApiTags('template-exports')
@Controller('template-exports')
export class TemplateExportsController {
  constructor(private readonly service: TemplateExportsService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'createTemplateExport',
    summary: 'Build the import template of a target in the background',
    description:
      'Validates the request and queues the job. The zip holds one CSV (or, with format xlsx, one workbook): contact_id, last_name, first_name, email, then `[old] CODE` and `[new] CODE` per field. ' +
      'Errors: 404 target not in your institution; 400 UNKNOWN_FIELD, VALIDATION_FAILED (e.g. a bad e-mail).',
  })
  // The whole body as Swagger UI pre-fills it: without it, every optional field would be there ("email": "string").
  @ApiBody({ type: CreateTemplateExportDto, examples: CREATE_EXAMPLES })
  @ApiIdempotent('template export', {
    type: TemplateExportCreatedResponse,
    description: 'Queued: follow it with GET /template-exports/{id}',
  })
  @ApiErrors(400, 404)
  async create(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Body() dto: CreateTemplateExportDto,
    @Res({ passthrough: true }) response: Response,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<TemplateExportCreatedResponse> {
    const { created, replayed } = await this.service.create(institution.id, dto, idempotencyKey);
    if (replayed) markReplayed(response);
    return created;
  }

  @Get()
  @ApiOperation({
    operationId: 'listTemplateExports',
    summary: "The institution's template exports, newest first, by status and target (paged)",
  })
  @ApiOkResponse({ type: TemplateExportPage, description: 'A page of your exports, the newest first' })
  @ApiErrors(400)
  list(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Query() query: ListTemplateExportsQuery,
  ): Promise<TemplateExportPage> {
    return this.service.list(institution.id, query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getTemplateExport', summary: 'Status and progress of a template export' })
  @ApiIdParam('Id of the template export')
  @ApiOkResponse({ type: TemplateExportResponse, description: 'The export: its status, progress and file' })
  @ApiErrors(400, 404)
  get(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<TemplateExportResponse> {
    return this.service.get(institution.id, id);
  }

  @Get(':id/file')
  @ApiOperation({ operationId: 'downloadTemplateExport', summary: 'The zip of a completed template export' })
  @ApiIdParam('Id of the template export')
  // The content type per response, not @ApiProduces: errors are JSON (ErrorBody), only the file is a zip.
  @ApiOkResponse({
    description: 'The zip holding the template',
    content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({
    status: 302,
    description: 'With S3_PRESIGNED_DOWNLOADS=true: the zip is at the presigned URL of the bucket in `Location`',
  })
  @ApiErrors(400, 404, 'EXPORT_NOT_READY', 'FILE_EXPIRED')
  async file(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Param('id', ParseIntPipe) id: number,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile | undefined> {
    return zipResponse(await this.service.file(institution.id, id), response);
  }
}

/** Streams a zip as an attachment, or redirects to the bucket's presigned URL of it (S3_PRESIGNED_DOWNLOADS). */
export function zipResponse(file: ExportFile, response: Response): StreamableFile | undefined {
  response.setHeader('Cache-Control', 'private, no-store');
  if ('redirectTo' in file) {
    // No body: Express's redirect would add a text one the document does not describe.
    response.status(302).location(file.redirectTo).end();
    return undefined;
  }
  return new StreamableFile(file.stream, {
    type: 'application/zip',
    length: file.size,
    disposition: `attachment; filename="${file.fileName}"`,
  });
}
