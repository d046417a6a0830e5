import { Injectable } from '@nestjs/common';
import { DomainError, NotFoundError } from '@app/common';
import type { Criterion } from '@app/database';
import { CodesRepository } from '@app/database';
import { CreateCriterionDto, CreateCriterionValueDto } from './dto/create-criterion.dto';
import { CriterionResponse, CriterionValueResponse } from './dto/criterion.response';

@Injectable()
export class CriteriaService {
  constructor(private readonly codes: CodesRepository) {}

  async create(institutionId: number, input: CreateCriterionDto): Promise<CriterionResponse> {
    assertUniqueCodes(input.values, 'values');
    const id = await this.codes.createCriterion(
      institutionId,
      { code: input.code, label: input.label, multiValued: input.multiValued },
      input.values,
    );
    if (id === null) {
      throw new DomainError(
        'CRITERION_EXISTS',
        `Criterion ${input.code} already exists; add values with POST /criteria/${input.code}/values`,
      );
    }
    return this.findOne(institutionId, input.code, id);
  }

  async list(institutionId: number): Promise<CriterionResponse[]> {
    return (await this.codes.listCriteria(institutionId)).map(toResponse);
  }

  async values(institutionId: number, code: string): Promise<CriterionValueResponse[]> {
    return (await this.findOne(institutionId, code)).values;
  }

  async addValues(
    institutionId: number,
    code: string,
    values: CreateCriterionValueDto[],
  ): Promise<CriterionValueResponse[]> {
    assertUniqueCodes(values, 'body');
    const criterion = await this.findOne(institutionId, code);
    const existing = new Set(criterion.values.map((value) => value.code));
    const taken = values.filter((value) => existing.has(value.code)).map((value) => value.code);
    if (taken.length) {
      throw new DomainError(
        'VALUE_EXISTS',
        `Criterion ${code} already has the value(s) ${taken.join(', ')}; send only new codes`,
      );
    }
    if (!(await this.codes.addCriterionValues(criterion.id, values))) {
      throw new DomainError(
        'VALUE_EXISTS',
        `Criterion ${code} already has one of these values; list its values and send only new codes`,
      );
    }
    return this.values(institutionId, code);
  }

  private async findOne(institutionId: number, code: string, id?: number): Promise<CriterionResponse> {
    const criterion = await this.codes.findCriterion(institutionId, id ? { id } : { code });
    if (!criterion) throw new NotFoundError('Criterion', code);
    return toResponse(criterion);
  }
}

export function assertUniqueCodes(values: { code: string }[], where: string): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value.code)) {
      throw new DomainError(
        'DUPLICATE_VALUE',
        `${where}[${index}].code: value ${value.code} is listed twice; list each code once`,
      );
    }
    seen.add(value.code);
  });
}

function toResponse(criterion: Criterion): CriterionResponse {
  return {
    id: criterion.id,
    code: criterion.code,
    label: criterion.label,
    multiValued: Boolean(criterion.multiValued),
    values: [...(criterion.values ?? [])]
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
      .map((value) => ({ code: value.code, label: value.label, active: Boolean(value.active) })),
  };
}
