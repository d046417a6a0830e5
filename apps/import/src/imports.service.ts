import { Injectable } from '@nestjs/common';
import {
  AppConfig,
  AuthenticatedInstitution,
  DomainError,
  isUploadIssueCode,
  NotFoundError,
  replayIdempotent,
  requestDigest,
} from '@app/common';
import type { Import } from '@app/database';
import { ImportsRepository } from '@app/database';
import { ImportJobs } from '@app/queues';
import { FileStore } from '@app/storage';
import { CreateImportDto } from './dto/create-import.dto';
import { ImportResponse } from './dto/import.response';
import { ImportFileError, inspectUpload, storedUpload } from './engine/upload-file';
import { countsOf } from './import-runner.service';
import { importSummary } from './import-summary';
import type { StoredUploadInfo } from './upload-storage';

export interface StoredUpload extends StoredUploadInfo {
  originalname: string;
}

/** The import API: create (upload), read, and hand jobs to the import queue. */
@Injectable()
export class ImportsService {
  constructor(
    private readonly imports: ImportsRepository,
    private readonly config: AppConfig,
    private readonly jobs: ImportJobs,
    private readonly store: FileStore,
  ) {}

  /**
   * Stores and queues an upload; with an idempotency key already taken, the import it made (`replayed`, the new upload
   * removed), or 422 when that import was made by another request (other fields or another file).
   */
  async create(
    institution: AuthenticatedInstitution,
    dto: CreateImportDto,
    file: StoredUpload,
    idempotencyKey?: string,
  ): Promise<{ imp: Import; replayed: boolean }> {
    const request = {
      dataType: dto.dataType,
      mode: dto.mode,
      onConflict: dto.onConflict ?? 'skip',
      allOrNothing: dto.allOrNothing ?? false,
      email: dto.email ?? null,
      locale: dto.locale ?? 'fr',
    };
    // The file is the request's content (its SHA-256, taken as it streamed into the store): the same fields with
    // another file are another request. Its name is not.
    const digest = idempotencyKey ? requestDigest({ ...request, file: file.sha256 }) : null;
    const replay = async (imp: Import) => {
      replayIdempotent(imp, digest!, 'import');
      await this.store.delete(file.key).catch(() => undefined);
      return { imp, replayed: true };
    };
    if (idempotencyKey) {
      const existing = await this.imports.findByIdempotencyKey(institution.id, idempotencyKey);
      if (existing) return replay(existing);
    }
    try {
      await inspectUpload(await storedUpload(this.store, file.key), {
        maxUnzippedBytes: this.config.MAX_UNZIPPED_BYTES,
        maxRatio: this.config.MAX_ZIP_RATIO,
      });
    } catch (error) {
      // The upload's checks answer only the upload issue codes; any other would be a bug, not a 400.
      if (error instanceof ImportFileError && isUploadIssueCode(error.code))
        throw new DomainError(error.code, error.message);
      throw error;
    }
    const { row: saved, created } = await this.imports.create({
      institutionId: institution.id,
      ...request,
      originalName: (file.originalname || 'upload.csv').slice(0, 255),
      storedName: file.filename,
      fileSize: file.size,
      idempotencyKey: idempotencyKey ?? null,
      idempotencyDigest: digest,
    });
    if (!created) return replay(saved);
    await this.jobs.process(saved.id, institution.id);
    return { imp: saved, replayed: false };
  }

  async get(institution: AuthenticatedInstitution, id: number): Promise<Import> {
    const found = await this.imports.findOwned(institution.id, id);
    if (!found) throw new NotFoundError('Import', id);
    return found;
  }

  async list(institution: AuthenticatedInstitution): Promise<Import[]> {
    return this.imports.listOwned(institution.id, 100);
  }

  /** Applies a validated import with its stored file, re-checking everything against current data. */
  async apply(institution: AuthenticatedInstitution, id: number): Promise<Import> {
    const imp = await this.get(institution, id);
    if (!(await this.imports.requestApply(imp.id)))
      throw new DomainError(
        'IMPORT_NOT_VALIDATED',
        `Import ${id} is ${imp.status}; only a validated import can be applied. Upload the file again with mode=apply`,
      );
    await this.jobs.process(imp.id, institution.id);
    return this.get(institution, id);
  }

  /** Cancels at once when queued; a running import stops after its current batch. */
  async cancel(institution: AuthenticatedInstitution, id: number): Promise<Import> {
    const imp = await this.get(institution, id);
    const outcome = await this.imports.requestCancel(imp.id);
    if (!outcome && imp.status === 'running' && imp.revertRequested) {
      // Stopped half-way, a revert would leave some values restored and others not.
      throw new DomainError(
        'REVERT_NOT_CANCELLABLE',
        `Import ${id} is being reverted; a revert runs to its end and cannot be cancelled`,
      );
    }
    if (!outcome) {
      throw new DomainError(
        'IMPORT_FINISHED',
        `Import ${id} is ${imp.status}; only a queued or running import can be cancelled`,
      );
    }
    return this.get(institution, id);
  }

  /** Starts a revert job: the import's changes are undone where the fields still hold what it wrote. */
  async revert(institution: AuthenticatedInstitution, id: number): Promise<Import> {
    const imp = await this.get(institution, id);
    if (!(await this.imports.requestRevert(imp.id))) {
      throw new DomainError(
        'IMPORT_NOT_COMPLETED',
        `Import ${id} is ${imp.status}; only a completed apply can be reverted`,
      );
    }
    await this.jobs.revert(imp.id, institution.id);
    return this.get(institution, id);
  }

  toResponse(imp: Import): ImportResponse {
    return {
      id: imp.id,
      dataType: imp.dataType,
      mode: imp.mode,
      status: imp.status,
      progress: { processed: imp.processed, total: imp.total },
      counts: countsOf(imp),
      fileErrors: imp.fileErrors ?? [],
      fileErrorsOmitted: imp.fileErrorsOmitted ?? 0,
      fileName: imp.originalName,
      onConflict: imp.onConflict,
      allOrNothing: imp.allOrNothing,
      createdAt: imp.createdAt,
      finishedAt: imp.finishedAt,
      error: imp.error,
      summary: importSummary(imp),
      reportUrl: `${this.config.PUBLIC_URL_IMPORT.replace(/\/$/, '')}/imports/${imp.id}/report`,
    };
  }
}
