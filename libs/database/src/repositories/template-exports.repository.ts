import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { TemplateExport } from '../entities';
import { cutError } from './statement';

/** What a new export asks for (the row's other columns take their defaults). */
export type NewTemplateExport = Pick<
  TemplateExport,
  | 'institutionId'
  | 'targetId'
  | 'dataType'
  | 'fields'
  | 'email'
  | 'locale'
  | 'delimiter'
  | 'format'
  | 'idempotencyKey'
  | 'idempotencyDigest'
>;

/**
 * Every statement on template_exports. The status of an export changes here and nowhere else: each method
 * is one transition.
 */
@Injectable()
export class TemplateExportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(TemplateExport);
  }

  find(id: number): Promise<TemplateExport | null> {
    return this.rows.findOne({ where: { id } });
  }

  /** The institution's export; never another institution's. */
  findOwned(institutionId: number, id: number): Promise<TemplateExport | null> {
    return this.rows.findOne({ where: { id, institutionId } });
  }

  /** A page of the institution's exports, newest first, with how many match in all. */
  async listOwned(
    institutionId: number,
    filters: { status?: TemplateExport['status']; targetId?: number },
    page: { offset: number; limit: number },
  ): Promise<{ rows: TemplateExport[]; total: number }> {
    const [rows, total] = await this.rows.findAndCount({
      where: { institutionId, status: filters.status, targetId: filters.targetId },
      order: { id: 'DESC' },
      skip: page.offset,
      take: page.limit,
    });
    return { rows, total };
  }

  findByIdempotencyKey(institutionId: number, idempotencyKey: string): Promise<TemplateExport | null> {
    return this.rows.findOne({ where: { institutionId, idempotencyKey } });
  }

  /**
   * A queued export; with an idempotency key already used by the institution, the export that holds it
   * (two requests with the same key at once: the second one gets the first one's row).
   */
  async create(values: NewTemplateExport): Promise<{ row: TemplateExport; created: boolean }> {
    try {
      return { row: await this.rows.save(this.rows.create({ ...values, status: 'queued' })), created: true };
    } catch (error) {
      const duplicate = error instanceof QueryFailedError && (error as { code?: string }).code === 'ER_DUP_ENTRY';
      if (!values.idempotencyKey || !duplicate) throw error;
      const existing = await this.rows.findOneOrFail({
        where: { institutionId: values.institutionId, idempotencyKey: values.idempotencyKey },
      });
      return { row: existing, created: false };
    }
  }

  /** -> running, from the start. */
  async start(id: number): Promise<void> {
    await this.rows.update({ id }, { status: 'running', startedAt: new Date(), processed: 0, error: null });
  }

  async progress(id: number, processed: number, total: number): Promise<void> {
    await this.rows.update({ id }, { processed, total });
  }

  /** running -> queued: Bull retries the job. */
  async retry(id: number): Promise<void> {
    await this.rows.update({ id }, { status: 'queued' });
  }

  /** -> failed, with the message shown to the user. */
  async fail(id: number, error: string): Promise<void> {
    await this.rows.update({ id }, { status: 'failed', error: cutError(error)!, finishedAt: new Date() });
  }

  /**
   * The rows queued or running for longer than `graceSeconds` (of one institution when given): the lost-job sweep's
   * candidates.
   */
  async openIds(graceSeconds: number, institutionId?: number): Promise<number[]> {
    const rows: { id: number }[] = await this.dataSource.query(
      `SELECT id FROM template_exports WHERE status IN ('queued', 'running') AND created_at < NOW(3) - INTERVAL ? SECOND AND (? IS NULL OR institution_id = ?)`,
      [graceSeconds, institutionId ?? null, institutionId ?? null],
    );
    return rows.map((row) => Number(row.id));
  }

  /**
   * queued|running -> failed, when its job was lost and cannot be run again, or failed for good without the run saying
   * so; true when the row changed.
   */
  async failLost(id: number, error: string): Promise<boolean> {
    const result = await this.dataSource.query(
      `UPDATE template_exports SET status = 'failed', finished_at = NOW(3), error = ? WHERE id = ? AND status IN ('queued', 'running')`,
      [cutError(error), id],
    );
    return result.affectedRows > 0;
  }

  /** running -> completed, with the file written. */
  async complete(id: number, result: { rowCount: number; fileName: string; fileSize: number }): Promise<void> {
    await this.rows.update(
      { id },
      {
        status: 'completed',
        processed: result.rowCount,
        rowCount: result.rowCount,
        fileName: result.fileName,
        fileSize: result.fileSize,
        finishedAt: new Date(),
      },
    );
  }
}
