import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ApiKey } from '../entities/api-key.entity';
import type { Queryable } from './queryable';

/** A key as listed: never its digest. */
export type ApiKeyInfo = Pick<ApiKey, 'id' | 'name' | 'createdAt' | 'lastUsedAt'>;

/** Every statement on `api_keys` made by the apps (ApiKeyGuard in @app/common reads them by digest). */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the digest of a new key of the institution; answers the key's id. */
  async create(institutionId: number, name: string, keyHash: string, db: Queryable = this.dataSource): Promise<number> {
    const result: { insertId: number } = await db.query(
      'INSERT INTO api_keys (institution_id, name, key_hash) VALUES (?, ?, ?)',
      [institutionId, name, keyHash],
    );
    return Number(result.insertId);
  }

  /** The institution's keys, the oldest first. */
  async list(institutionId: number): Promise<ApiKeyInfo[]> {
    const rows: { id: number; name: string; created_at: Date; last_used_at: Date | null }[] =
      await this.dataSource.query(
        'SELECT id, name, created_at, last_used_at FROM api_keys WHERE institution_id = ? ORDER BY id',
        [institutionId],
      );
    return rows.map((row) => ({
      id: Number(row.id),
      name: row.name,
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
    }));
  }

  /**
   * Deletes the key unless it is the institution's last one: the institution's keys are locked first, so two
   * revocations at once cannot leave it with none.
   */
  revoke(institutionId: number, id: number): Promise<'revoked' | 'last' | 'unknown'> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: number }[] = await manager.query(
        'SELECT id FROM api_keys WHERE institution_id = ? FOR UPDATE',
        [institutionId],
      );
      if (!rows.some((row) => Number(row.id) === id)) return 'unknown';
      if (rows.length === 1) return 'last';
      await manager.query('DELETE FROM api_keys WHERE institution_id = ? AND id = ?', [institutionId, id]);
      return 'revoked';
    });
  }
}
