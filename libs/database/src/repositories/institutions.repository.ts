import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Institution } from '../entities/institution.entity';
import { isDuplicateEntry } from './queryable';

/** Every statement on `institutions` made by the targets API. */
@Injectable()
export class InstitutionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates an institution; null when the code is taken. */
  async create(institution: Pick<Institution, 'code' | 'name' | 'apiKeyHash'>): Promise<Institution | null> {
    const repository = this.dataSource.getRepository(Institution);
    if (await repository.exists({ where: { code: institution.code } })) return null;
    try {
      return await repository.save(repository.create(institution));
    } catch (error) {
      if (isDuplicateEntry(error)) return null;
      throw error;
    }
  }
}
