import { joinMultiValue, splitMultiValue } from '@app/csv-schema';
import { criterionValueStatements, type Statement } from '@app/database';
import type { CodeMaps } from '@app/targeting';
import { loadPackedValues } from './packed-values';
import type {
  CellRead,
  CellWarning,
  CriterionField,
  FieldKind,
  FieldReaders,
  FieldSet,
  FieldWrite,
  NewCell,
} from './field-kind';
import { byCode, didYouMean, numericValue } from './similar-codes';

/** Criteria: value codes, several joined by | when the criterion is multi-valued. */
export const criterionKind: FieldKind<CriterionField> = {
  name: 'criterion',
  label: 'criterion',
  values: { table: 'contact_criterion_values', fieldColumn: 'criterion_id', valueColumn: 'value_id' },
  booleanCells: false,
  load: (codes: CodeMaps) => new CriterionFields(codes),
};

class CriterionFields implements FieldSet<CriterionField> {
  readonly kind = criterionKind;
  readonly fields: CriterionField[] = [];
  readonly byCode = new Map<string, CriterionField>();
  /** value id -> [criterion id, code]: decodes stored values. */
  private readonly valueById = new Map<number, { criterionId: number; code: string }>();

  constructor(codes: CodeMaps) {
    for (const [code, criterion] of [...codes.criteria].sort(byCode)) {
      const field: CriterionField = {
        kind: 'criterion',
        id: criterion.id,
        code,
        multiValued: criterion.multiValued,
        values: criterion.values,
        numeric: new Map(),
      };
      for (const [valueCode, valueId] of criterion.values) {
        this.valueById.set(valueId, { criterionId: field.id, code: valueCode });
        const asNumber = numericValue(valueCode);
        if (asNumber !== undefined) field.numeric.set(asNumber, [...(field.numeric.get(asNumber) ?? []), valueCode]);
      }
      this.fields.push(field);
      this.byCode.set(code, field);
    }
  }

  /** Known codes, spreadsheet-mangled numbers, one code when single-valued. */
  readNew(field: CriterionField, raw: string): CellRead {
    const split = splitMultiValue(raw);
    if (!split.ok) return { ok: false, code: split.code, message: `${split.message} (criterion ${field.code})` };
    if (!field.multiValued && split.codes.length > 1) {
      return {
        ok: false,
        code: 'TOO_MANY_VALUES',
        message: `${field.code} holds one value only, but ${split.codes.length} are given; keep a single code`,
      };
    }
    const codes: string[] = [];
    const warnings: CellWarning[] = [];
    for (const part of split.codes) {
      if (field.values.has(part)) {
        codes.push(part);
        continue;
      }
      const asNumber = numericValue(part);
      const candidates = asNumber === undefined ? undefined : field.numeric.get(asNumber);
      if (candidates?.length === 1) {
        codes.push(candidates[0]);
        warnings.push({
          code: 'NUMERIC_CODE_COERCED',
          message: `"${part}" was read as the code "${candidates[0]}" (a spreadsheet probably turned the code into a number); format the column as text to keep codes exact`,
        });
        continue;
      }
      const hint =
        candidates && candidates.length > 1
          ? ` It could be any of ${candidates.join(', ')}; write the exact code.`
          : suggestion(part, field.values.keys());
      return {
        ok: false,
        code: 'UNKNOWN_VALUE_CODE',
        message: `"${part}" is not a value code of ${field.code}.${hint} The codes are listed by GET /criteria/${field.code}/values.`,
      };
    }
    if (new Set(codes).size < codes.length) {
      return {
        ok: false,
        code: 'DUPLICATE_VALUE',
        message: `A value of ${field.code} is given twice; write each code once`,
      };
    }
    const valueIds = codes.map((code) => field.values.get(code)!);
    return { ok: true, cell: { value: joinMultiValue(codes), valueIds }, warnings };
  }

  readOld(field: CriterionField, raw: string): string {
    const split = splitMultiValue(raw);
    if (!split.ok) return raw.trim();
    const codes = split.codes.map((part) => {
      if (field.values.has(part)) return part;
      const asNumber = numericValue(part);
      const candidates = asNumber === undefined ? undefined : field.numeric.get(asNumber);
      return candidates?.length === 1 ? candidates[0] : part;
    });
    return joinMultiValue(codes);
  }

  restore(field: CriterionField, value: string): NewCell | undefined {
    const split = splitMultiValue(value);
    if (!split.ok) return undefined;
    const ids = split.codes.map((code) => field.values.get(code));
    if (ids.some((id) => id === undefined)) return undefined;
    return { value, valueIds: ids as number[] };
  }

  loadCurrent(readers: FieldReaders, institutionId: number, fieldIds: number[], contactIds: number[]) {
    const decode = (packed: string, into: Map<number, string>) => this.decode(packed, into);
    return loadPackedValues(readers.values, 'contact_criterion_values', decode, institutionId, fieldIds, contactIds);
  }

  private decode(packed: string, into: Map<number, string>): void {
    const codes = new Map<number, string[]>();
    for (const part of packed.split(',')) {
      const value = this.valueById.get(Number(part));
      if (!value) continue;
      const list = codes.get(value.criterionId);
      if (list) list.push(value.code);
      else codes.set(value.criterionId, [value.code]);
    }
    for (const [criterionId, list] of codes) into.set(criterionId, list.length === 1 ? list[0] : joinMultiValue(list));
  }

  writeStatements(writes: FieldWrite<CriterionField>[]): Statement[] {
    return criterionValueStatements(
      writes.map((write) => ({
        contactId: write.contactId,
        criterionId: write.field.id,
        valueIds: write.cell.valueIds ?? [],
      })),
    );
  }

  formatter(): (stored: number[], count: number) => string {
    const combinations = new Map<string, string>();
    return (ids, count) => {
      if (count === 0) return '';
      if (count === 1) return this.valueById.get(ids[0])?.code ?? '';
      // Multi-values repeat a handful of combinations: join each combination once.
      let key = String(ids[0]);
      for (let i = 1; i < count; i++) key += `,${ids[i]}`;
      let cell = combinations.get(key);
      if (cell === undefined) {
        cell = joinMultiValue(
          ids
            .slice(0, count)
            .map((valueId) => this.valueById.get(valueId)?.code ?? '')
            .filter(Boolean),
        );
        if (combinations.size < 10_000) combinations.set(key, cell);
      }
      return cell;
    };
  }
}

function suggestion(input: string, codes: Iterable<string>): string {
  const match = didYouMean(input, codes);
  return match ? ` Did you mean "${match}"?` : '';
}
