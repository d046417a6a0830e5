import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/common';
import type { Authorization } from '@app/database';
import { CodesRepository } from '@app/database';
import { CreateAuthorizationDto } from './dto/create-authorization.dto';
import { AuthorizationResponse } from './dto/authorization.response';

@Injectable()
export class AuthorizationsService {
  constructor(private readonly codes: CodesRepository) {}

  async create(institutionId: number, input: CreateAuthorizationDto): Promise<AuthorizationResponse> {
    const saved = await this.codes.createAuthorization(institutionId, { code: input.code, label: input.label });
    if (!saved) {
      throw new DomainError('AUTHORIZATION_EXISTS', `Authorization ${input.code} already exists; choose another code`);
    }
    return toResponse(saved);
  }

  async list(institutionId: number): Promise<AuthorizationResponse[]> {
    return (await this.codes.listAuthorizations(institutionId)).map(toResponse);
  }
}

function toResponse(row: Authorization): AuthorizationResponse {
  return { id: row.id, code: row.code, label: row.label };
}
