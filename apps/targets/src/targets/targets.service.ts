import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '@app/common';
import { Target } from '@app/database';
import { compileRule, loadCodeMaps, Rule, TargetResolver, targetCondition, validateRule } from '@app/targeting';
import { CreateTargetDto } from './dto/create-target.dto';
import { TargetPreviewResponse, TargetResponse } from './dto/target.response';

export const PREVIEW_SAMPLE_SIZE = 10;

@Injectable()
export class TargetsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly resolver: TargetResolver,
  ) {}

  async create(institutionId: number, input: CreateTargetDto): Promise<TargetResponse> {
    const rule = await this.checkRule(institutionId, input.rule);
    const repository = this.dataSource.getRepository(Target);
    const saved = await repository.save(repository.create({ institutionId, name: input.name, rule }));
    return toResponse(saved);
  }

  async list(institutionId: number): Promise<TargetResponse[]> {
    const targets = await this.dataSource
      .getRepository(Target)
      .find({ where: { institutionId }, order: { id: 'ASC' } });
    return targets.map(toResponse);
  }

  async get(institutionId: number, id: number): Promise<TargetResponse> {
    return toResponse(await this.find(institutionId, id));
  }

  async update(institutionId: number, id: number, input: CreateTargetDto): Promise<TargetResponse> {
    const target = await this.find(institutionId, id);
    const rule = await this.checkRule(institutionId, input.rule);
    await this.dataSource.getRepository(Target).update({ id: target.id, institutionId }, { name: input.name, rule });
    return toResponse({ ...target, name: input.name, rule });
  }

  async remove(institutionId: number, id: number): Promise<void> {
    const result = await this.dataSource.getRepository(Target).delete({ id, institutionId });
    if (!result.affected) throw new NotFoundError('Target', id);
  }

  async preview(institutionId: number, id: number): Promise<TargetPreviewResponse> {
    const { where } = await this.resolver.resolve(institutionId, id);
    const condition = targetCondition(institutionId, where);
    const [{ count }]: { count: number | string }[] = await this.dataSource.query(
      `SELECT COUNT(*) AS count FROM contacts c WHERE ${condition.sql}`,
      condition.params,
    );
    const sample: { id: number; firstName: string; lastName: string; email: string }[] = await this.dataSource.query(
      `SELECT c.id, c.first_name AS firstName, c.last_name AS lastName, c.email FROM contacts c WHERE ${condition.sql} ORDER BY c.id LIMIT ${PREVIEW_SAMPLE_SIZE}`,
      condition.params,
    );
    return { count: Number(count), sample: sample.map((row) => ({ ...row, id: Number(row.id) })) };
  }

  /** Validates the rule's shape and compiles it against the current codes, so a saved target always works. */
  private async checkRule(institutionId: number, input: unknown): Promise<Rule> {
    const rule = validateRule(input);
    compileRule(rule, await loadCodeMaps(this.dataSource, institutionId));
    return rule;
  }

  private async find(institutionId: number, id: number): Promise<Target> {
    const target = await this.dataSource.getRepository(Target).findOne({ where: { id, institutionId } });
    if (!target) throw new NotFoundError('Target', id);
    return target;
  }
}

function toResponse(target: Pick<Target, 'id' | 'name' | 'rule'>): TargetResponse {
  return { id: Number(target.id), name: target.name, rule: target.rule };
}
