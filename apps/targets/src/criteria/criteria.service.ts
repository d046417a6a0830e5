import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, NotFoundError } from '@app/common';
import { Criterion, CriterionValue } from '@app/database';
import { CreateCriterionDto, CreateCriterionValueDto } from './dto/create-criterion.dto';
import { CriterionResponse, CriterionValueResponse } from './dto/criterion.response';

@Injectable()
export class CriteriaService {
  constructor(private readonly dataSource: DataSource) {}

  async create(institutionId: number, input: CreateCriterionDto): Promise<CriterionResponse> {
    assertUniqueCodes(input.values, 'values');
    const exists = () =>
      new DomainError(
        'CRITERION_EXISTS',
        `Criterion ${input.code} already exists; add values with POST /criteria/${input.code}/values`,
        HttpStatus.CONFLICT,
      );
    const id = await this.dataSource
      .transaction(async (manager) => {
        if (await manager.exists(Criterion, { where: { institutionId, code: input.code } })) throw exists();
        const criterion = await manager.save(
          manager.create(Criterion, {
            institutionId,
            code: input.code,
            label: input.label,
            multiValued: input.multiValued,
          }),
        );
        await this.insertValues(manager, criterion.id, input.values);
        return criterion.id;
      })
      .catch((error) => {
        // Two requests creating the same code at once: the unique index decides.
        throw (error as { code?: string }).code === 'ER_DUP_ENTRY' ? exists() : error;
      });
    return this.findOne(institutionId, input.code, id);
  }

  async list(institutionId: number): Promise<CriterionResponse[]> {
    const criteria = await this.dataSource.getRepository(Criterion).find({
      where: { institutionId },
      relations: { values: true },
      order: { code: 'ASC', values: { code: 'ASC' } },
    });
    return criteria.map(toResponse);
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
        HttpStatus.CONFLICT,
      );
    }
    await this.dataSource
      .transaction((manager) => this.insertValues(manager, criterion.id, values))
      .catch((error) => {
        if ((error as { code?: string }).code !== 'ER_DUP_ENTRY') throw error;
        throw new DomainError(
          'VALUE_EXISTS',
          `Criterion ${code} already has one of these values; list its values and send only new codes`,
          HttpStatus.CONFLICT,
        );
      });
    return this.values(institutionId, code);
  }

  private async findOne(institutionId: number, code: string, id?: number): Promise<CriterionResponse> {
    const criterion = await this.dataSource.getRepository(Criterion).findOne({
      where: id ? { id, institutionId } : { institutionId, code },
      relations: { values: true },
      order: { values: { code: 'ASC' } },
    });
    if (!criterion) throw new NotFoundError('Criterion', code);
    return toResponse(criterion);
  }

  private async insertValues(
    manager: EntityManager,
    criterionId: number,
    values: CreateCriterionValueDto[],
  ): Promise<void> {
    for (let start = 0; start < values.length; start += 1000) {
      const chunk = values.slice(start, start + 1000);
      await manager.insert(
        CriterionValue,
        chunk.map((value) => ({ criterionId, code: value.code, label: value.label, active: true })),
      );
    }
  }
}

function assertUniqueCodes(values: { code: string }[], where: string): void {
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
