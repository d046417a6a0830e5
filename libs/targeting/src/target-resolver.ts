import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@app/common';
import type { Target } from '@app/database';
import { CodesRepository, TargetsRepository } from '@app/database';
import { CompiledRule, compileRule } from './compile-rule';
import { Rule, validateRule } from './rule';

export interface ResolvedTarget {
  target: Target;
  rule: Rule;
  /** The rule as SQL over `contacts c`; the caller adds `c.institution_id = ? AND (…)` (see targetCondition). */
  where: CompiledRule;
}

/** The full WHERE condition of a target's contacts, scoped to the institution. */
export function targetCondition(institutionId: number, where: CompiledRule): CompiledRule {
  return { sql: `c.institution_id = ? AND (${where.sql})`, params: [institutionId, ...where.params] };
}

/** Loads a target of an institution and compiles its rule against the institution's current codes. */
@Injectable()
export class TargetResolver {
  constructor(
    private readonly targets: TargetsRepository,
    private readonly codes: CodesRepository,
  ) {}

  async resolve(institutionId: number, targetId: number): Promise<ResolvedTarget> {
    const target = await this.targets.findOne(institutionId, targetId);
    if (!target) throw new NotFoundError('Target', targetId);
    const rule = validateRule(target.rule);
    const where = compileRule(rule, await this.codes.codeMaps(institutionId));
    return { target, rule, where };
  }
}
