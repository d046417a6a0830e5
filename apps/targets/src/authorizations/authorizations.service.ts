import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/common';
import { Authorization } from '@app/database';
import { CreateAuthorizationDto } from './dto/create-authorization.dto';
import { AuthorizationResponse } from './dto/authorization.response';

@Injectable()
export class AuthorizationsService {
  constructor(private readonly dataSource: DataSource) {}

  async create(institutionId: number, input: CreateAuthorizationDto): Promise<AuthorizationResponse> {
    const repository = this.dataSource.getRepository(Authorization);
    const exists = () =>
      new DomainError(
        'AUTHORIZATION_EXISTS',
        `Authorization ${input.code} already exists; choose another code`,
        HttpStatus.CONFLICT,
      );
    if (await repository.exists({ where: { institutionId, code: input.code } })) throw exists();
    try {
      const saved = await repository.save(repository.create({ institutionId, code: input.code, label: input.label }));
      return toResponse(saved);
    } catch (error) {
      if ((error as { code?: string }).code === 'ER_DUP_ENTRY') throw exists();
      throw error;
    }
  }

  async list(institutionId: number): Promise<AuthorizationResponse[]> {
    const rows = await this.dataSource
      .getRepository(Authorization)
      .find({ where: { institutionId }, order: { code: 'ASC' } });
    return rows.map(toResponse);
  }
}

function toResponse(row: Authorization): AuthorizationResponse {
  return { id: row.id, code: row.code, label: row.label };
}
