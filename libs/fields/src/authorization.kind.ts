import { formatBoolean, parseBoolean } from '@app/boolean-rules';
import { authorizationStatements, type Statement } from '@app/database';
import type { CodeMaps } from '@app/targeting';
import { byCode } from './similar-codes';
import { loadPackedValues } from './packed-values';
import type {
  AuthorizationField,
  CellRead,
  FieldKind,
  FieldReaders,
  FieldSet,
  FieldWrite,
  NewCell,
} from './field-kind';

/** Authorizations: TRUE, FALSE or empty (no answer), read by the boolean rules. */
export const authorizationKind: FieldKind<AuthorizationField> = {
  name: 'authorization',
  label: 'authorization',
  values: { table: 'contact_authorizations', fieldColumn: 'authorization_id', valueColumn: 'value' },
  booleanCells: true,
  load: (codes: CodeMaps) => new AuthorizationFields(codes),
};

class AuthorizationFields implements FieldSet<AuthorizationField> {
  readonly kind = authorizationKind;
  readonly fields: AuthorizationField[] = [];
  readonly byCode = new Map<string, AuthorizationField>();

  constructor(codes: CodeMaps) {
    for (const [code, id] of [...codes.authorizations].sort(byCode)) {
      const field: AuthorizationField = { kind: 'authorization', id, code };
      this.fields.push(field);
      this.byCode.set(code, field);
    }
  }

  readNew(_field: AuthorizationField, raw: string): CellRead {
    const parsed = parseBoolean(raw);
    if (!parsed.ok) return parsed;
    return { ok: true, cell: { value: formatBoolean(parsed.value), bool: parsed.value } };
  }

  readOld(_field: AuthorizationField, raw: string): string {
    const parsed = parseBoolean(raw);
    return parsed.ok ? formatBoolean(parsed.value) : raw.trim();
  }

  restore(_field: AuthorizationField, value: string): NewCell | undefined {
    const bool = value === 'TRUE' ? true : value === 'FALSE' ? false : null;
    return { value: formatBoolean(bool), bool };
  }

  /** Packed as `authorization_id * 2 + answer`. */
  loadCurrent(readers: FieldReaders, institutionId: number, fieldIds: number[], contactIds: number[]) {
    const decode = (packed: string, into: Map<number, string>) => this.decode(packed, into);
    return loadPackedValues(readers.values, 'contact_authorizations', decode, institutionId, fieldIds, contactIds);
  }

  private decode(packed: string, into: Map<number, string>): void {
    for (const part of packed.split(',')) {
      const value = Number(part);
      into.set(value >> 1, value & 1 ? 'TRUE' : 'FALSE');
    }
  }

  writeStatements(writes: FieldWrite<AuthorizationField>[]): Statement[] {
    return authorizationStatements(
      writes.map((write) => ({
        contactId: write.contactId,
        authorizationId: write.field.id,
        value: write.cell.bool ?? null,
      })),
    );
  }

  formatter(): (stored: number[], count: number) => string {
    return (answers, count) => formatBoolean(count ? Boolean(Number(answers[0])) : null);
  }
}
