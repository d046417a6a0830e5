import type { FieldValuesRepository, ValueTableName } from '@app/database';
import type { CurrentValues } from './field-kind';

/**
 * The current values of fields kept in a value table, for a batch of contacts: the contacts that exist get
 * a map (empty when they hold no value), filled by `decode` from one packed text per contact.
 */
export async function loadPackedValues(
  repository: FieldValuesRepository,
  table: ValueTableName,
  decode: (packed: string, into: Map<number, string>) => void,
  institutionId: number,
  fieldIds: number[],
  contactIds: number[],
): Promise<CurrentValues> {
  const { existing, packed } = await repository.loadPacked(table, institutionId, fieldIds, contactIds);
  const current: CurrentValues = new Map();
  for (const id of existing) current.set(id, new Map());
  for (const { contactId, values } of packed) {
    const fields = current.get(contactId);
    if (fields) decode(values, fields);
  }
  return current;
}
