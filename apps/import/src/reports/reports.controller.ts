import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrors, AppConfig, NotFoundError, Public, verifyLink } from '@app/common';
import { ImportsRepository } from '@app/database';
import { ReportService } from './report.service';

/** The report through the signed, expiring link of the e-mail (no API key). */
@ApiTags('imports')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportService,
    private readonly config: AppConfig,
    private readonly imports: ImportsRepository,
  ) {}

  @Get(':token')
  @Public()
  @ApiParam({
    name: 'token',
    description: 'The signed token of the e-mail link',
  })
  @ApiOperation({
    operationId: 'downloadImportReport',
    summary: 'Download an import report through the signed link sent by e-mail',
  })
  // The content type per response, not @ApiProduces: errors are JSON (ErrorBody), only the report is CSV.
  @ApiOkResponse({
    description: 'The report CSV',
    content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors('INVALID_LINK', 404, 'LINK_EXPIRED')
  async download(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const claims = verifyLink(token, 'import-report', this.config.SIGNING_SECRET);
    const imp = await this.imports.findOwned(claims.institutionId, claims.id);
    if (!imp) throw new NotFoundError('Import', claims.id);
    res.status(200).set({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="import-${imp.id}-report.csv"`,
    });
    await this.reports.write(imp.id, res);
  }
}
