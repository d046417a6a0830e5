import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ErrorBody, Public } from '@app/common';
import { TemplateExportsService } from './template-exports.service';
import { zipResponse } from './template-exports.controller';

/** The link the "template ready" e-mail carries: no API key, an HMAC-signed expiring token instead. */
@ApiTags('downloads')
@Controller('downloads')
export class DownloadsController {
  constructor(private readonly service: TemplateExportsService) {}

  @Get(':token')
  @Public()
  @ApiOperation({
    operationId: 'downloadTemplateExportByLink',
    summary: 'The zip of a template export through a signed link (no API key)',
  })
  @ApiParam({
    name: 'token',
    description: 'The token of the link the e-mail carries',
  })
  // The content type per response, not @ApiProduces: errors are JSON (ErrorBody), only the file is a zip.
  @ApiOkResponse({
    description: 'The zip holding the template',
    content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({
    status: 302,
    description: 'With S3_PRESIGNED_DOWNLOADS=true: the zip is at the presigned URL of the bucket in `Location`',
  })
  @ApiResponse({ status: 403, description: 'The link was altered (INVALID_LINK)', type: ErrorBody })
  @ApiResponse({ status: 404, description: 'The export no longer exists', type: ErrorBody })
  @ApiResponse({ status: 409, description: 'The export has no file (EXPORT_NOT_READY)', type: ErrorBody })
  @ApiResponse({
    status: 410,
    description: 'The link expired (LINK_EXPIRED) or the file was cleaned up (FILE_EXPIRED)',
    type: ErrorBody,
  })
  async download(
    @Param('token') token: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile | undefined> {
    return zipResponse(await this.service.download(token), response);
  }
}
