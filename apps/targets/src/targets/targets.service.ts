import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@app/common';
import type { Target } from '@app/database';
import { CodesRepository, ContactsRepository, TargetsRepository } from '@app/database';
import type { Rule } from '@app/targeting';
import { compileRule, TargetResolver, targetCondition, validateRule } from '@app/targeting';
import { CreateTargetDto } from './dto/create-target.dto';
import { TargetPreviewResponse, TargetResponse } from './dto/target.response';

export const PREVIEW_SAMPLE_SIZE = 10;

@Injectable()
export class TargetsService {
  constructor(
    private readonly targets: TargetsRepository,
    private readonly codes: CodesRepository,
    private readonly contacts: ContactsRepository,
    private readonly resolver: TargetResolver,
  ) {}

  async create(institutionId: number, input: CreateTargetDto): Promise<TargetResponse> {
    const rule = await this.checkRule(institutionId, input.rule);
    return toResponse(await this.targets.create(institutionId, { name: input.name, rule }));
  }

  async list(institutionId: number): Promise<TargetResponse[]> {
    return (await this.targets.list(institutionId)).map(toResponse);
  }

  async get(institutionId: number, id: number): Promise<TargetResponse> {
    return toResponse(await this.find(institutionId, id));
  }

  async update(institutionId: number, id: number, input: CreateTargetDto): Promise<TargetResponse> {
    const target = await this.find(institutionId, id);
    const rule = await this.checkRule(institutionId, input.rule);
    await this.targets.update(institutionId, target.id, { name: input.name, rule });
    return toResponse({ ...target, name: input.name, rule });
  }

  async remove(institutionId: number, id: number): Promise<void> {
    if (!(await this.targets.remove(institutionId, id))) throw new NotFoundError('Target', id);
  }

  async preview(institutionId: number, id: number): Promise<TargetPreviewResponse> {
    const { where } = await this.resolver.resolve(institutionId, id);
    return this.contacts.countAndSample(targetCondition(institutionId, where), PREVIEW_SAMPLE_SIZE);
  }

  /** Validates the rule's shape and compiles it against the current codes, so a saved target always works. */
  private async checkRule(institutionId: number, input: unknown): Promise<Rule> {
    const rule = validateRule(input);
    compileRule(rule, await this.codes.codeMaps(institutionId));
    return rule;
  }

  private async find(institutionId: number, id: number): Promise<Target> {
    const target = await this.targets.findOne(institutionId, id);
    if (!target) throw new NotFoundError('Target', id);
    return target;
  }
}

function toResponse(target: Pick<Target, 'id' | 'name' | 'rule'>): TargetResponse {
  return { id: Number(target.id), name: target.name, rule: target.rule };
}
