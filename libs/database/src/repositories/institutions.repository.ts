import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Institution } from '../entities/institution.entity';
import { ApiKeysRepository } from './api-keys.repository';
import type { Queryable } from './queryable';
import { isDuplicateEntry } from './queryable';

/** The name of the key an institution is created with. */
export const FIRST_API_KEY_NAME = 'first key';

/** Every statement on `institutions` made by the targets API. */
@Injectable()
export class InstitutionsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeysRepository,
  ) {}

  /** Creates an institution with its first API key (by its digest); null when the code is taken. */
  async create(institution: Pick<Institution, 'code' | 'name'>, apiKeyHash: string): Promise<Institution | null> {
    const repository = this.dataSource.getRepository(Institution);
    if (await repository.exists({ where: { code: institution.code } })) return null;
    try {
      return await this.dataSource.transaction(async (manager) => {
        const saved = await manager.save(manager.create(Institution, institution));
        await this.apiKeys.create(saved.id, FIRST_API_KEY_NAME, apiKeyHash, manager);
        return saved;
      });
    } catch (error) {
      if (isDuplicateEntry(error)) return null;
      throw error;
    }
  }
}

/**
 * Inserts an institution and its first key with plain SQL, for the scripts and tests that set up a database without
 * the targets API; answers its id.
 */
export async function insertInstitution(
  db: Queryable,
  institution: { code: string; name: string; apiKeyHash: string },
): Promise<number> {
  const result: { insertId: number } = await db.query('INSERT INTO institutions (code, name) VALUES (?, ?)', [
    institution.code,
    institution.name,
  ]);
  const id = Number(result.insertId);
  await db.query('INSERT INTO api_keys (institution_id, name, key_hash) VALUES (?, ?, ?)', [
    id,
    FIRST_API_KEY_NAME,
    institution.apiKeyHash,
  ]);
  return id;
}
