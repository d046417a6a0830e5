import {
  Body,
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  HttpCode,
  Injectable,
  NestInterceptor,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { catchError, Observable, throwError } from 'rxjs';
import {
  ApiErrors,
  ApiIdempotent,
  AuthenticatedInstitution,
  CurrentInstitution,
  DomainError,
  IdempotencyKey,
  UPLOAD_ISSUE_CODES,
  ApiIdParam,
  markReplayed,
} from '@app/common';
import { CreateImportDto, CreateImportUploadDto } from './dto/create-import.dto';
import { ImportReportQuery } from './dto/import-report.query';
import { ImportReportPage } from './dto/import-report.response';
import { ImportCreatedResponse, ImportResponse } from './dto/import.response';
import { FileStore } from '@app/storage';
import { ImportsService, StoredUpload } from './imports.service';
import { ReportService } from './reports/report.service';

/** Removes the stored upload when the request fails (bad fields, bad zip): no orphan files. */
@Injectable()
class RemoveUploadOnError implements NestInterceptor {
  constructor(private readonly store: FileStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error) => {
        const file: StoredUpload | undefined = context.switchToHttp().getRequest().file;
        return file
          ? this.store.delete(file.key).then(
              () => Promise.reject(error),
              () => Promise.reject(error),
            )
          : throwError(() => error);
      }),
    );
  }
}

@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly reports: ReportService,
  ) {}

  @Post()
  @HttpCode(202)
  @UseInterceptors(FileInterceptor('file'), RemoveUploadOnError)
  @ApiOperation({
    operationId: 'createImport',
    summary: 'Upload an edited template to validate it or apply it (mass update)',
    description: `A .zip (or .xlsx) that cannot be opened is refused at once: a 400 whose code is an IssueCode (${UPLOAD_ISSUE_CODES.join(', ')}). Every other problem of the file is reported by the import itself, in fileErrors and the report.`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CreateImportUploadDto })
  @ApiIdempotent('import', { type: ImportCreatedResponse, description: 'Queued; follow it with GET /imports/{id}' })
  @ApiErrors(400, 413)
  async create(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @UploadedFile() file: StoredUpload | undefined,
    @Body() dto: CreateImportDto,
    @Res({ passthrough: true }) response: Response,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<ImportCreatedResponse> {
    if (!file)
      throw new DomainError(
        'FILE_REQUIRED',
        'file is required: send the template (.csv or .xlsx, or the .zip holding it) as the multipart field "file"',
      );
    const { imp, replayed } = await this.imports.create(institution, dto, file, idempotencyKey);
    if (replayed) markReplayed(response);
    return { id: imp.id, status: imp.status };
  }

  @Get()
  @ApiOperation({ operationId: 'listImports', summary: 'The latest 100 imports, newest first' })
  @ApiOkResponse({ type: [ImportResponse], description: 'The imports of your institution, the newest first' })
  @ApiErrors()
  async list(@CurrentInstitution() institution: AuthenticatedInstitution): Promise<ImportResponse[]> {
    return (await this.imports.list(institution)).map((imp) => this.imports.toResponse(imp));
  }

  @Get(':id')
  @ApiIdParam('The import id')
  @ApiOperation({ operationId: 'getImport', summary: 'Status, progress, counts and file errors of an import' })
  @ApiOkResponse({ type: ImportResponse, description: 'The import: its status, progress and counts' })
  @ApiErrors(400, 404)
  async get(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<ImportResponse> {
    return this.imports.toResponse(await this.imports.get(institution, id));
  }

  @Get(':id/report')
  @ApiIdParam('The import id')
  @ApiOperation({
    operationId: 'getImportReport',
    summary:
      'The report: every error, warning and conflict, by line; as CSV, or as paged JSON with the applied changes',
    description:
      'CSV (the default, the whole report) or, with `Accept: application/json`, a page of it as JSON (`page`, `pageSize`); ' +
      '`include=changes` adds the same page of the values the apply wrote (contact, field, old and new value). ' +
      'page, pageSize and include are read by the JSON answer only.',
  })
  @ApiExtraModels(ImportReportPage)
  // The content type per response, not @ApiProduces: errors are JSON (ErrorBody), only the report is CSV.
  @ApiOkResponse({
    description:
      'CSV line,contact_id,column,value,code,severity,message (UTF-8 with BOM, CRLF), or JSON with Accept: application/json; code is an IssueCode, severity error, warning or conflict',
    headers: { Vary: { description: 'Accept: the representation follows it', schema: { type: 'string' } } },
    content: {
      'text/csv': { schema: { type: 'string', format: 'binary' } },
      'application/json': { schema: { $ref: getSchemaPath(ImportReportPage) } },
    },
  })
  @ApiErrors(400, 404)
  async report(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: ImportReportQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const imp = await this.imports.get(institution, id);
    res.vary('Accept');
    // CSV unless JSON is asked for: no Accept, */* and text/csv all get the file, as before.
    if (req.accepts(['text/csv', 'application/json']) === 'application/json') {
      res.status(200).json(await this.reports.page(imp.id, query));
      return;
    }
    res.status(200).set({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="import-${imp.id}-report.csv"`,
    });
    await this.reports.write(imp.id, res);
  }

  @Post(':id/apply')
  @HttpCode(202)
  @ApiIdParam('The import id')
  @ApiOperation({
    operationId: 'applyImport',
    summary: 'Apply a validated import with its stored file, re-checking against current data',
  })
  @ApiResponse({
    status: 202,
    type: ImportCreatedResponse,
    description: 'Queued to apply; follow it with GET /imports/{id}',
  })
  @ApiErrors(400, 404, 'IMPORT_NOT_VALIDATED')
  async apply(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<ImportCreatedResponse> {
    const imp = await this.imports.apply(institution, id);
    return { id: imp.id, status: imp.status };
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @ApiIdParam('The import id')
  @ApiOperation({
    operationId: 'cancelImport',
    summary: 'Cancel a queued import, or stop a running one after its current batch',
    description:
      'A finished import answers 409 IMPORT_FINISHED; a running revert answers 409 REVERT_NOT_CANCELLABLE (it runs to its end).',
  })
  @ApiResponse({
    status: 202,
    type: ImportCreatedResponse,
    description: 'Cancelled, or stopping after its current batch',
  })
  @ApiErrors(400, 404, 'IMPORT_FINISHED', 'REVERT_NOT_CANCELLABLE')
  async cancel(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<ImportCreatedResponse> {
    const imp = await this.imports.cancel(institution, id);
    return { id: imp.id, status: imp.status };
  }

  @Post(':id/revert')
  @HttpCode(202)
  @ApiIdParam('The import id')
  @ApiOperation({
    operationId: 'revertImport',
    summary: 'Restore the old values of the fields that still hold what the import wrote',
  })
  @ApiResponse({
    status: 202,
    type: ImportCreatedResponse,
    description: 'Queued to revert; follow it with GET /imports/{id}',
  })
  @ApiErrors(400, 404, 'IMPORT_NOT_COMPLETED')
  async revert(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<ImportCreatedResponse> {
    const imp = await this.imports.revert(institution, id);
    return { id: imp.id, status: imp.status };
  }
}
