import type { ContactValues } from '@app/common';
import { CONTACT_COLUMNS } from '@app/common';
import type { Statement } from '@app/database';
import { contactUpdateStatement } from '@app/database';
import type {
  CellRead,
  ContactField,
  CurrentValues,
  FieldKind,
  FieldReaders,
  FieldSet,
  FieldWrite,
  NewCell,
} from './field-kind';

/**
 * The contact's own columns, as the contact columns table defines them: a cell is parsed by its column
 * (intrinsic errors only: a date that is no date); the quality rules of a value written (names, e-mails)
 * are the caller's, since they apply to values that change.
 */
export const contactKind: FieldKind<ContactField> = {
  name: 'contact',
  label: 'contact column',
  values: null,
  booleanCells: false,
  load: () => CONTACT_FIELD_SET,
};

/** Far in the future: an `[old]` birth date is only compared, never refused. */
const ANY_DAY = '9999-12-31';

class ContactFields implements FieldSet<ContactField> {
  readonly kind = contactKind;
  readonly fields: ContactField[] = CONTACT_COLUMNS.map((column, i) => ({
    kind: 'contact',
    id: i + 1,
    code: column.code,
    column,
  }));
  readonly byCode = new Map(this.fields.map((field) => [field.code as string, field]));

  readNew(field: ContactField, raw: string): CellRead {
    const parsed = field.column.parse(raw);
    return parsed.ok ? { ok: true, cell: { value: parsed.value } } : parsed;
  }

  readOld(field: ContactField, raw: string): string {
    const parsed = field.column.parse(raw, ANY_DAY);
    return parsed.ok ? parsed.value : raw.trim();
  }

  restore(_field: ContactField, value: string): NewCell {
    return { value };
  }

  async loadCurrent(readers: FieldReaders, institutionId: number, fieldIds: number[], contactIds: number[]) {
    const contacts = await readers.contacts.findColumns(institutionId, contactIds);
    const fields = this.fields.filter((field) => fieldIds.includes(field.id));
    const current: CurrentValues = new Map();
    for (const [id, values] of contacts)
      current.set(id, new Map(fields.map((field) => [field.id, values[field.code]])));
    return current;
  }

  /** One UPDATE per contact, with every column it changes. */
  writeStatements(writes: FieldWrite<ContactField>[], institutionId: number): Statement[] {
    const byContact = new Map<number, Partial<ContactValues>>();
    for (const write of writes) {
      const values = byContact.get(write.contactId) ?? {};
      values[write.field.code] = write.cell.value;
      byContact.set(write.contactId, values);
    }
    return [...byContact].map(([contactId, values]) => contactUpdateStatement(institutionId, contactId, values));
  }

  formatter(): (stored: number[], count: number) => string {
    return () => '';
  }
}

const CONTACT_FIELD_SET = new ContactFields();
