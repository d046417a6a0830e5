import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import {
  AppConfig,
  DomainError,
  NotFoundError,
  pageOf,
  replayIdempotent,
  requestDigest,
  verifyLink,
} from '@app/common';
import type { TemplateExport } from '@app/database';
import { CodesRepository, TargetsRepository, TemplateExportsRepository } from '@app/database';
import { TemplateExportJobs } from '@app/queues';
import { DATA_TYPE_SPECS, templateCodes } from '@app/fields';
import { CreateTemplateExportDto } from './dto/create-template-export.dto';
import { ListTemplateExportsQuery } from './dto/list-template-exports.query';
import {
  TemplateExportCreatedResponse,
  TemplateExportPage,
  TemplateExportResponse,
} from './dto/template-export.response';
import { FileStore, StoredFileMissingError } from '@app/storage';
import { exportKey } from './export-files';

/** The zip streamed from the store, or (S3_PRESIGNED_DOWNLOADS) a presigned URL of the bucket to redirect to. */
export type ExportFile = { fileName: string } & ({ size: number; stream: Readable } | { redirectTo: string });

/** A presigned URL is followed at once by the client that asked: a few minutes is plenty. */
const PRESIGNED_URL_SECONDS = 300;

/** The API side of template exports: validate and enqueue, report status, hand out the zip. */
@Injectable()
export class TemplateExportsService {
  constructor(
    private readonly exports: TemplateExportsRepository,
    private readonly codes: CodesRepository,
    private readonly targets: TargetsRepository,
    private readonly jobs: TemplateExportJobs,
    private readonly config: AppConfig,
    private readonly store: FileStore,
  ) {}

  /** Queues an export; with an idempotency key already taken, the export it made (`replayed`), or 422. */
  async create(
    institutionId: number,
    dto: CreateTemplateExportDto,
    idempotencyKey?: string,
  ): Promise<{ created: TemplateExportCreatedResponse; replayed: boolean }> {
    const key = idempotencyKey ?? null; // checked by @IdempotencyKey()
    const request = {
      targetId: dto.targetId,
      dataType: dto.dataType,
      fields: dto.fields ?? null,
      email: dto.email ?? null,
      locale: dto.locale ?? 'fr',
      delimiter: dto.delimiter ?? ',',
      format: dto.format ?? 'csv',
    };
    const digest = key ? requestDigest(request) : null;
    const replay = (row: TemplateExport) => {
      replayIdempotent(row, digest!, 'template export');
      return { created: { id: row.id, status: row.status }, replayed: true };
    };
    if (key) {
      const existing = await this.exports.findByIdempotencyKey(institutionId, key);
      if (existing) return replay(existing);
    }
    const target = await this.targets.findOne(institutionId, dto.targetId);
    if (!target) throw new NotFoundError('Target', dto.targetId);
    if (dto.fields) await this.checkFields(institutionId, dto.dataType, dto.fields);

    const { row: saved, created } = await this.exports.create({
      institutionId,
      ...request,
      idempotencyKey: key,
      idempotencyDigest: digest,
    });
    if (!created) return replay(saved);
    await this.jobs.build(saved.id, institutionId);
    return { created: { id: saved.id, status: saved.status }, replayed: false };
  }

  /** The institution's exports, newest first, by status and target. */
  async list(institutionId: number, query: ListTemplateExportsQuery): Promise<TemplateExportPage> {
    const { page, pageSize, offset } = pageOf(query);
    const { rows, total } = await this.exports.listOwned(
      institutionId,
      { status: query.status, targetId: query.targetId },
      { offset, limit: pageSize },
    );
    return { items: rows.map(toResponse), total, page, pageSize };
  }

  async get(institutionId: number, id: number): Promise<TemplateExportResponse> {
    return toResponse(await this.find(institutionId, id));
  }

  /** The zip of a completed export, for the API-key route. */
  async file(institutionId: number, id: number): Promise<ExportFile> {
    return this.open(await this.find(institutionId, id));
  }

  /** The zip behind a signed link: 403 when tampered with, 410 when expired. */
  async download(token: string): Promise<ExportFile> {
    const claims = verifyLink(token, 'template-export', this.config.SIGNING_SECRET);
    return this.open(await this.find(claims.institutionId, claims.id));
  }

  private async find(institutionId: number, id: number): Promise<TemplateExport> {
    const found = await this.exports.findOwned(institutionId, id);
    if (!found) throw new NotFoundError('Template export', id);
    return found;
  }

  private async open(found: TemplateExport): Promise<ExportFile> {
    if (found.status !== 'completed' || !found.fileName) {
      const why =
        found.status === 'failed'
          ? 'it failed; create the export again'
          : `it is ${found.status}; try again when its status is "completed"`;
      throw new DomainError('EXPORT_NOT_READY', `Template export ${found.id} has no file: ${why}`);
    }
    const key = exportKey(found.id, found.fileName);
    const expired = () =>
      new DomainError(
        'FILE_EXPIRED',
        `The file of template export ${found.id} was deleted after ${this.config.FILE_RETENTION_DAYS} days; create the export again`,
      );
    const info = await this.store.stat(key);
    if (!info) throw expired();
    if (this.config.S3_PRESIGNED_DOWNLOADS === 'true') {
      const url = await this.store.downloadUrl(key, {
        fileName: found.fileName,
        contentType: 'application/zip',
        expiresInSeconds: PRESIGNED_URL_SECONDS,
      });
      if (url) return { fileName: found.fileName, redirectTo: url };
    }
    const stream = await this.store.read(key).catch((error) => {
      throw error instanceof StoredFileMissingError ? expired() : error;
    });
    return { fileName: found.fileName, size: info.size, stream };
  }

  private async checkFields(
    institutionId: number,
    dataType: CreateTemplateExportDto['dataType'],
    fields: string[],
  ): Promise<void> {
    const known = new Set(templateCodes(dataType, await this.codes.codeMaps(institutionId)));
    const unknown = fields.filter((code) => !known.has(code));
    if (unknown.length) {
      const hint = DATA_TYPE_SPECS[dataType].codesHint;
      throw new DomainError(
        'UNKNOWN_FIELD',
        `Unknown ${dataType} field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}; ${hint}`,
        { unknown },
      );
    }
  }
}

export function toResponse(row: TemplateExport): TemplateExportResponse {
  return {
    id: row.id,
    dataType: row.dataType,
    targetId: row.targetId,
    status: row.status,
    progress: { processed: row.processed, total: row.total },
    rowCount: row.rowCount,
    fileName: row.fileName,
    fileSize: row.fileSize === null ? null : Number(row.fileSize),
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
  };
}
