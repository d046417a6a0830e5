import { Injectable } from '@nestjs/common';
import { DomainError, hashApiKey, newApiKey } from '@app/common';
import { InstitutionsRepository } from '@app/database';
import { CreateInstitutionDto } from './dto/create-institution.dto';
import { InstitutionResponse } from './dto/institution.response';

@Injectable()
export class InstitutionsService {
  constructor(private readonly institutions: InstitutionsRepository) {}

  async create(input: CreateInstitutionDto): Promise<InstitutionResponse> {
    const apiKey = newApiKey();
    const saved = await this.institutions.create({ code: input.code, name: input.name }, hashApiKey(apiKey));
    if (!saved) {
      throw new DomainError(
        'INSTITUTION_EXISTS',
        `An institution with code ${input.code} already exists; choose another code`,
      );
    }
    return { id: saved.id, code: saved.code, name: saved.name, apiKey };
  }
}
