import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, hashApiKey, newApiKey } from '@app/common';
import { Institution } from '@app/database';
import { CreateInstitutionDto } from './dto/create-institution.dto';
import { InstitutionResponse } from './dto/institution.response';

@Injectable()
export class InstitutionsService {
  constructor(private readonly dataSource: DataSource) {}

  async create(input: CreateInstitutionDto): Promise<InstitutionResponse> {
    const repository = this.dataSource.getRepository(Institution);
    if (await repository.exists({ where: { code: input.code } })) {
      throw new DomainError(
        'INSTITUTION_EXISTS',
        `An institution with code ${input.code} already exists; choose another code`,
        HttpStatus.CONFLICT,
      );
    }
    const apiKey = newApiKey();
    try {
      const saved = await repository.save(
        repository.create({ code: input.code, name: input.name, apiKeyHash: hashApiKey(apiKey) }),
      );
      return { id: saved.id, code: saved.code, name: saved.name, apiKey };
    } catch (error) {
      if ((error as { code?: string }).code === 'ER_DUP_ENTRY') {
        throw new DomainError(
          'INSTITUTION_EXISTS',
          `An institution with code ${input.code} already exists; choose another code`,
          HttpStatus.CONFLICT,
        );
      }
      throw error;
    }
  }
}
