import type { DataType } from '@app/csv-schema';
import { CONTACT_FIELDS, INFO_COLUMNS } from '@app/csv-schema';
import type { FieldValuesRepository } from '@app/database';
import type { CodeMaps } from '@app/targeting';
import { authorizationKind } from './authorization.kind';
import { criterionKind } from './criterion.kind';
import type {
  AuthorizationField,
  CriterionField,
  CurrentValues,
  Field,
  FieldKind,
  FieldKindName,
  FieldSet,
} from './field-kind';

/** Every kind of field, by the name the change log keeps (`field_type`). */
export const FIELD_KINDS: { [K in FieldKindName]: FieldKind<Extract<Field, { kind: K }>> } = {
  criterion: criterionKind,
  authorization: authorizationKind,
};

/** Where a template's `[old]`/`[new]` pairs come from: the values of one field kind, or the contacts' own columns. */
export type TemplateSource = { from: 'values'; kind: FieldKind } | { from: 'contacts'; columns: readonly string[] };

/** What a data type's template and import are made of. */
export interface DataTypeSpec {
  template: TemplateSource;
  /** The kinds of field whose `[old]`/`[new]` columns a file of this type may carry. */
  kinds: readonly FieldKind[];
  /** Read-only columns after contact_id in the template (who the contact is), ignored on import. */
  infoColumns: readonly string[];
  /** Where a user finds the field codes a template of this type may ask for. */
  codesHint: string;
  /** What a `[new]` cell holds, for the e-mail that sends the template (empty when the columns say it). */
  editHint: { fr: string; en: string };
}

/** The registry: the one place that knows what each data type is made of. */
export const DATA_TYPE_SPECS: Record<DataType, DataTypeSpec> = {
  criteria: {
    template: { from: 'values', kind: criterionKind },
    kinds: [criterionKind],
    infoColumns: INFO_COLUMNS,
    codesHint: 'GET /criteria on the targets API lists your codes',
    editHint: {
      en: 'For a criterion, write the value codes; when it accepts several, separate them with |.',
      fr: "Pour un critère, écrivez les codes des valeurs ; s'il en accepte plusieurs, séparez-les par |.",
    },
  },
  authorizations: {
    template: { from: 'values', kind: authorizationKind },
    kinds: [authorizationKind],
    infoColumns: INFO_COLUMNS,
    codesHint: 'GET /authorizations on the targets API lists your codes',
    editHint: {
      en: 'For an authorization, write TRUE, FALSE or leave the cell empty.',
      fr: 'Pour une autorisation, écrivez TRUE, FALSE ou laissez la cellule vide.',
    },
  },
  contacts: {
    template: { from: 'contacts', columns: CONTACT_FIELDS },
    kinds: [criterionKind, authorizationKind],
    infoColumns: [],
    codesHint: `the contact fields are ${CONTACT_FIELDS.join(', ')}`,
    editHint: { en: '', fr: '' },
  },
};

/** The institution's fields of every kind, from its code maps (one load for all kinds). */
export interface FieldSets {
  criterion: FieldSet<CriterionField>;
  authorization: FieldSet<AuthorizationField>;
}

export const loadFieldSets = (codes: CodeMaps): FieldSets => ({
  criterion: criterionKind.load(codes),
  authorization: authorizationKind.load(codes),
});

/** The fields of a template's `[old]`/`[new]` pairs, for a data type whose template holds field values. */
export function templateFieldSet(sets: FieldSets, source: TemplateSource & { from: 'values' }): FieldSet {
  return sets[source.kind.name] as FieldSet;
}

/** The current values of some fields for a batch of contacts of the institution. */
export async function loadCurrent(
  repository: FieldValuesRepository,
  set: FieldSet,
  institutionId: number,
  fieldIds: number[],
  contactIds: number[],
): Promise<CurrentValues> {
  const { existing, packed } = await repository.loadPacked(set.kind.values.table, institutionId, fieldIds, contactIds);
  const current: CurrentValues = new Map();
  for (const id of existing) current.set(id, new Map());
  for (const { contactId, values } of packed) {
    const fields = current.get(contactId);
    if (fields) set.decode(values, fields);
  }
  return current;
}

/** The field codes a template of this data type may hold, in template order. */
export function templateCodes(dataType: DataType, codes: CodeMaps): string[] {
  const { template } = DATA_TYPE_SPECS[dataType];
  return template.from === 'contacts'
    ? [...template.columns]
    : template.kind.load(codes).fields.map((field) => field.code);
}
