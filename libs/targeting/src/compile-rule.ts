import { DomainError } from '@app/common';
import type { Rule, RuleField } from './rule';

/** An institution's codes -> ids (a CodeMaps from loadCodeMaps fits). */
export interface RuleContext {
  criteria: Map<string, { id: number; values: Map<string, number> }>;
  authorizations: Map<string, number>;
}

export interface CompiledRule {
  sql: string;
  params: unknown[];
}

const COLUMNS: Record<RuleField, string> = { firstName: 'c.first_name', lastName: 'c.last_name', email: 'c.email' };

/** Escapes LIKE wildcards so user text is matched as text: \ first, then % and _. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function unknownCode(path: string, message: string): DomainError {
  return new DomainError('UNKNOWN_CODE', `${path}: ${message}`, { path });
}

/**
 * Compiles a validated rule into a boolean SQL expression over `contacts c`. Every code becomes an id
 * and every text a bound parameter: no rule content ever reaches the SQL string. Criteria and
 * authorizations are EXISTS / NOT EXISTS subqueries, which MySQL answers from the indexes
 * (value_id, contact_id), (criterion_id, contact_id) and (authorization_id, value, contact_id).
 * The full condition of a target is `c.institution_id = ? AND (<sql>)`.
 */
export function compileRule(rule: Rule, context: RuleContext, path = 'rule'): CompiledRule {
  const params: unknown[] = [];
  let alias = 0;

  const compile = (node: Rule, at: string): string => {
    if ('all' in node || 'any' in node) {
      const [key, children, joiner, neutral] =
        'all' in node ? (['all', node.all, ' AND ', '1 = 1'] as const) : (['any', node.any, ' OR ', '1 = 0'] as const);
      if (children.length === 0) return neutral;
      const parts = children.map((child, index) => compile(child, `${at}.${key}[${index}]`));
      return parts.length === 1 ? parts[0] : `(${parts.join(joiner)})`;
    }
    if ('not' in node) return `NOT (${compile(node.not, `${at}.not`)})`;
    if ('criterion' in node) {
      const criterion = context.criteria.get(node.criterion);
      if (!criterion)
        throw unknownCode(`${at}.criterion`, `unknown criterion code ${node.criterion}; see GET /criteria`);
      const name = `ccv${++alias}`;
      if ('empty' in node) {
        params.push(criterion.id);
        return `NOT EXISTS (SELECT 1 FROM contact_criterion_values ${name} WHERE ${name}.contact_id = c.id AND ${name}.criterion_id = ?)`;
      }
      const ids = [
        ...new Set(
          node.in.map((code, index) => {
            const id = criterion.values.get(code);
            if (id === undefined) {
              throw unknownCode(
                `${at}.in[${index}]`,
                `${code} is not a value of criterion ${node.criterion}; see GET /criteria/${node.criterion}/values`,
              );
            }
            return id;
          }),
        ),
      ];
      params.push(...ids);
      const test = ids.length === 1 ? `= ?` : `IN (${ids.map(() => '?').join(', ')})`;
      return `EXISTS (SELECT 1 FROM contact_criterion_values ${name} WHERE ${name}.contact_id = c.id AND ${name}.value_id ${test})`;
    }
    if ('authorization' in node) {
      const id = context.authorizations.get(node.authorization);
      if (id === undefined)
        throw unknownCode(
          `${at}.authorization`,
          `unknown authorization code ${node.authorization}; see GET /authorizations`,
        );
      const name = `ca${++alias}`;
      params.push(id);
      // No row means empty (never answered).
      if (node.is === null)
        return `NOT EXISTS (SELECT 1 FROM contact_authorizations ${name} WHERE ${name}.contact_id = c.id AND ${name}.authorization_id = ?)`;
      params.push(node.is ? 1 : 0);
      return `EXISTS (SELECT 1 FROM contact_authorizations ${name} WHERE ${name}.contact_id = c.id AND ${name}.authorization_id = ? AND ${name}.value = ?)`;
    }
    const column = COLUMNS[node.field];
    if (node.equals !== undefined) {
      params.push(node.equals);
      return `${column} = ?`;
    }
    if (node.contains !== undefined) {
      params.push(`%${escapeLike(node.contains)}%`);
    } else {
      params.push(`${escapeLike(node.startsWith ?? '')}%`);
    }
    return `${column} LIKE ? ESCAPE '\\\\'`;
  };

  const sql = compile(rule, path);
  return { sql, params };
}
