import type { DataSource } from 'typeorm';
import type { DataType } from '@app/csv-schema';

/** One criterion of the institution, with the lookups cell checks need. */
export interface CriterionField {
  kind: 'criterion';
  id: number;
  code: string;
  multiValued: boolean;
  /** value code -> value id */
  values: Map<string, number>;
  /** Numeric reading of every code that reads as a number (`007` -> 7), for spreadsheet tolerance. */
  numeric: Map<number, string[]>;
}

export interface AuthorizationField {
  kind: 'authorization';
  id: number;
  code: string;
}

export type FieldDef = CriterionField | AuthorizationField;

/** The fields an import of one data type may touch in one institution. */
export class FieldModel {
  readonly byCode = new Map<string, FieldDef>();
  /** value id -> [criterion id, code]: decodes current values read from the database. */
  readonly valueById = new Map<number, { criterionId: number; code: string }>();

  constructor(
    readonly dataType: DataType,
    fields: FieldDef[],
  ) {
    for (const field of fields) {
      this.byCode.set(field.code, field);
      if (field.kind === 'criterion')
        for (const [code, id] of field.values) this.valueById.set(id, { criterionId: field.id, code });
    }
  }

  isKnownCode = (code: string): boolean => this.byCode.has(code);

  static async load(dataSource: DataSource, institutionId: number, dataType: DataType): Promise<FieldModel> {
    if (dataType === 'authorizations') {
      const rows: { id: number; code: string }[] = await dataSource.query(
        'SELECT id, code FROM authorizations WHERE institution_id = ? ORDER BY code',
        [institutionId],
      );
      return new FieldModel(
        dataType,
        rows.map((row) => ({ kind: 'authorization', id: Number(row.id), code: row.code })),
      );
    }
    const criteria: { id: number; code: string; multi_valued: number }[] = await dataSource.query(
      'SELECT id, code, multi_valued FROM criteria WHERE institution_id = ? ORDER BY code',
      [institutionId],
    );
    const values: { id: number; criterion_id: number; code: string }[] = criteria.length
      ? await dataSource.query(
          'SELECT v.id, v.criterion_id, v.code FROM criterion_values v JOIN criteria c ON c.id = v.criterion_id WHERE c.institution_id = ?',
          [institutionId],
        )
      : [];
    const fields = new Map<number, CriterionField>();
    for (const row of criteria) {
      fields.set(Number(row.id), {
        kind: 'criterion',
        id: Number(row.id),
        code: row.code,
        multiValued: !!Number(row.multi_valued),
        values: new Map(),
        numeric: new Map(),
      });
    }
    for (const row of values) {
      const field = fields.get(Number(row.criterion_id));
      if (!field) continue;
      field.values.set(row.code, Number(row.id));
      const asNumber = numericValue(row.code);
      if (asNumber !== undefined) field.numeric.set(asNumber, [...(field.numeric.get(asNumber) ?? []), row.code]);
    }
    return new FieldModel(dataType, [...fields.values()]);
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** The number a cell or code reads as (`007` -> 7, `3.04` -> 3.04), or undefined. */
export function numericValue(text: string): number | undefined {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** Levenshtein distance, giving up (returning max + 1) once it exceeds max. */
export function levenshtein(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (current[j] < best) best = current[j];
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return Math.min(previous[b.length], max + 1);
}

/** The known code a user most likely meant: same letters in another case, else the closest within 2 edits. */
export function didYouMean(input: string, codes: Iterable<string>): string | undefined {
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const code of codes) {
    if (code.toLowerCase() === lower) return code;
    const distance = levenshtein(input, code, 2);
    if (distance < bestDistance) {
      best = code;
      bestDistance = distance;
    }
  }
  return best;
}
