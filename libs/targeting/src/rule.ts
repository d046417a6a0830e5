import { DomainError } from '@app/common';
import { CODE_PATTERN_MESSAGE, isCode } from './codes';

export const RULE_FIELDS = ['firstName', 'lastName', 'email'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];
export const FIELD_OPERATORS = ['equals', 'contains', 'startsWith'] as const;
export type FieldOperator = (typeof FIELD_OPERATORS)[number];

export type Rule =
  | { all: Rule[] }
  | { any: Rule[] }
  | { not: Rule }
  | { criterion: string; in: string[] }
  | { criterion: string; empty: true }
  | { authorization: string; is: boolean | null }
  | { field: RuleField; equals?: string; contains?: string; startsWith?: string };

/** Limits that keep a rule, and the SQL compiled from it, of a sane size. */
export const RULE_LIMITS = { maxDepth: 32, maxNodes: 500, maxValues: 1000, maxTextLength: 254 } as const;

const KINDS = ['all', 'any', 'not', 'criterion', 'authorization', 'field'] as const;
type Kind = (typeof KINDS)[number];
const ALLOWED_KEYS: Record<Kind, readonly string[]> = {
  all: ['all'],
  any: ['any'],
  not: ['not'],
  criterion: ['criterion', 'in', 'empty'],
  authorization: ['authorization', 'is'],
  field: ['field', ...FIELD_OPERATORS],
};

/** A human-readable summary of the grammar, used in error messages and the OpenAPI description. */
export const RULE_GRAMMAR = [
  '{"all": [rule, …]} (every sub-rule holds; {"all": []} is every contact)',
  '{"any": [rule, …]} (at least one holds; {"any": []} is no contact)',
  '{"not": rule}',
  '{"criterion": CODE, "in": [valueCode, …]} (holds one of these values)',
  '{"criterion": CODE, "empty": true} (holds no value of this criterion)',
  '{"authorization": CODE, "is": true | false | null} (null: never answered)',
  '{"field": "firstName" | "lastName" | "email", "equals" | "contains" | "startsWith": text} (compared as the database collation does: case-insensitive)',
];

export function invalidRule(path: string, problem: string): DomainError {
  return new DomainError('INVALID_RULE', `${path} ${problem}`, { path, problem });
}

/** A value of the request as an error message quotes it: JSON, cut after 60 characters. */
function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/**
 * INVALID_RULE naming the wrong value and listing the allowed ones, e.g. `rule.field: field "password" is not one of:
 * firstName, lastName, email`; `details` has the path, the problem and `allowed`.
 */
function notOneOf(path: string, what: string, values: readonly unknown[], allowed: readonly string[], after = '') {
  const named = values.map(quoted).join(', ');
  const problem = `${what}${values.length > 1 ? 's' : ''} ${named} ${values.length > 1 ? 'are' : 'is'} not one of: ${allowed.join(', ')}${after}`;
  return new DomainError('INVALID_RULE', `${path}: ${problem}`, { path, problem, allowed: [...allowed] });
}

/**
 * Checks the shape of a rule (not its codes: see compileRule) and answers a clean copy.
 * Throws DomainError 400 INVALID_RULE whose message names the path, e.g. "rule.all[2].in must be a non-empty array of
 * value codes".
 */
export function validateRule(input: unknown, path = 'rule'): Rule {
  const state = { nodes: 0 };
  return validateNode(input, path, 0, state);
}

function validateNode(input: unknown, path: string, depth: number, state: { nodes: number }): Rule {
  if (depth > RULE_LIMITS.maxDepth)
    throw invalidRule(path, `is nested too deeply (at most ${RULE_LIMITS.maxDepth} levels)`);
  if (++state.nodes > RULE_LIMITS.maxNodes)
    throw invalidRule(path, `makes the rule too large (at most ${RULE_LIMITS.maxNodes} rules in all)`);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw invalidRule(
      path,
      'must be an object such as {"all": []}, {"criterion": "CODE", "in": ["VALUE"]} or {"authorization": "CODE", "is": true}',
    );
  }
  const node = input as Record<string, unknown>;
  const keys = Object.keys(node);
  const kinds = KINDS.filter((kind) => keys.includes(kind));
  if (kinds.length === 0) {
    if (keys.length) throw notOneOf(path, 'key', keys, KINDS);
    throw invalidRule(path, `must have one of the keys ${KINDS.join(', ')}`);
  }
  if (kinds.length > 1)
    throw invalidRule(
      path,
      `mixes ${kinds.join(' and ')}; write one condition per rule and combine them with "all" or "any"`,
    );
  const kind = kinds[0];
  const extra = keys.find((key) => !ALLOWED_KEYS[kind].includes(key));
  if (extra !== undefined)
    throw notOneOf(`${path}.${extra}`, 'key', [extra], ALLOWED_KEYS[kind], ` (the keys of a "${kind}" rule)`);

  switch (kind) {
    case 'all':
    case 'any': {
      const children = node[kind];
      if (!Array.isArray(children)) throw invalidRule(`${path}.${kind}`, 'must be an array of rules');
      const rules = children.map((child, index) => validateNode(child, `${path}.${kind}[${index}]`, depth + 1, state));
      return kind === 'all' ? { all: rules } : { any: rules };
    }
    case 'not':
      return { not: validateNode(node.not, `${path}.not`, depth + 1, state) };
    case 'criterion': {
      const criterion = node.criterion;
      if (!isCode(criterion))
        throw invalidRule(`${path}.criterion`, `must be a criterion code that ${CODE_PATTERN_MESSAGE}`);
      const hasIn = 'in' in node;
      const hasEmpty = 'empty' in node;
      if (hasIn === hasEmpty) {
        throw invalidRule(
          path,
          hasIn ? 'must have either "in" or "empty", not both' : 'must have "in": [valueCode, …] or "empty": true',
        );
      }
      if (hasEmpty) {
        if (node.empty !== true)
          throw invalidRule(
            `${path}.empty`,
            'must be true (to find contacts holding a value, write {"not": {"criterion": …, "empty": true}})',
          );
        return { criterion, empty: true };
      }
      const values = node.in;
      if (!Array.isArray(values) || values.length === 0)
        throw invalidRule(`${path}.in`, 'must be a non-empty array of value codes');
      if (values.length > RULE_LIMITS.maxValues)
        throw invalidRule(`${path}.in`, `holds more than ${RULE_LIMITS.maxValues} value codes`);
      values.forEach((value, index) => {
        if (!isCode(value))
          throw invalidRule(`${path}.in[${index}]`, `must be a value code that ${CODE_PATTERN_MESSAGE}`);
      });
      return { criterion, in: [...values] as string[] };
    }
    case 'authorization': {
      const authorization = node.authorization;
      if (!isCode(authorization))
        throw invalidRule(`${path}.authorization`, `must be an authorization code that ${CODE_PATTERN_MESSAGE}`);
      if (!('is' in node) || (node.is !== true && node.is !== false && node.is !== null)) {
        throw invalidRule(`${path}.is`, 'must be true, false or null (null: never answered)');
      }
      return { authorization, is: node.is as boolean | null };
    }
    case 'field': {
      const field = node.field;
      if (typeof field !== 'string' || !(RULE_FIELDS as readonly string[]).includes(field)) {
        throw notOneOf(`${path}.field`, 'field', [field], RULE_FIELDS);
      }
      const operators = FIELD_OPERATORS.filter((operator) => operator in node);
      if (operators.length !== 1) throw invalidRule(path, `must have exactly one of ${FIELD_OPERATORS.join(', ')}`);
      const operator = operators[0];
      const text = node[operator];
      if (typeof text !== 'string') throw invalidRule(`${path}.${operator}`, 'must be a string');
      if (text.length > RULE_LIMITS.maxTextLength)
        throw invalidRule(`${path}.${operator}`, `must be at most ${RULE_LIMITS.maxTextLength} characters`);
      if (operator !== 'equals' && text === '') throw invalidRule(`${path}.${operator}`, 'must not be empty');
      return { field: field as RuleField, [operator]: text };
    }
  }
}

/** The criterion codes (with the value codes used) and authorization codes a rule refers to. */
export function ruleCodes(rule: Rule): { criteria: Map<string, Set<string>>; authorizations: Set<string> } {
  const criteria = new Map<string, Set<string>>();
  const authorizations = new Set<string>();
  const visit = (node: Rule): void => {
    if ('all' in node) node.all.forEach(visit);
    else if ('any' in node) node.any.forEach(visit);
    else if ('not' in node) visit(node.not);
    else if ('criterion' in node) {
      const values = criteria.get(node.criterion) ?? new Set<string>();
      criteria.set(node.criterion, values);
      if ('in' in node) node.in.forEach((value) => values.add(value));
    } else if ('authorization' in node) authorizations.add(node.authorization);
  };
  visit(rule);
  return { criteria, authorizations };
}
