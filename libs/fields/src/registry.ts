import { CONTACT_COLUMN_CODES } from '@app/common';
import type { DataType } from '@app/csv-schema';
import { INFO_COLUMNS } from '@app/csv-schema';
import type { CodeMaps } from '@app/targeting';
import { authorizationKind } from './authorization.kind';
import { contactKind } from './contact.kind';
import { criterionKind } from './criterion.kind';
import type {
  AuthorizationField,
  ContactField,
  CriterionField,
  Field,
  FieldKind,
  FieldKindName,
  FieldSet,
} from './field-kind';

/** Every kind of field, by the name the change log keeps (`field_type`). */
export const FIELD_KINDS: { [K in FieldKindName]: FieldKind<Extract<Field, { kind: K }>> } = {
  criterion: criterionKind,
  authorization: authorizationKind,
  contact: contactKind,
};

/** What a data type's template and import are made of. */
export interface DataTypeSpec {
  /** The kind of field whose `[old]`/`[new]` pairs make the template. */
  template: FieldKind;
  /** The kinds of field whose `[old]`/`[new]` columns a file of this type may carry, the template's first. */
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
    template: criterionKind,
    kinds: [criterionKind],
    infoColumns: INFO_COLUMNS,
    codesHint: 'GET /criteria on the targets API lists your codes',
    editHint: {
      en: 'For a criterion, write the value codes; when it accepts several, separate them with |.',
      fr: "Pour un critère, écrivez les codes des valeurs ; s'il en accepte plusieurs, séparez-les par |.",
    },
  },
  authorizations: {
    template: authorizationKind,
    kinds: [authorizationKind],
    infoColumns: INFO_COLUMNS,
    codesHint: 'GET /authorizations on the targets API lists your codes',
    editHint: {
      en: 'For an authorization, write TRUE, FALSE or leave the cell empty.',
      fr: 'Pour une autorisation, écrivez TRUE, FALSE ou laissez la cellule vide.',
    },
  },
  contacts: {
    template: contactKind,
    kinds: [contactKind, criterionKind, authorizationKind],
    infoColumns: [],
    codesHint: `the contact fields are ${CONTACT_COLUMN_CODES.join(', ')}`,
    editHint: { en: '', fr: '' },
  },
};

/** The institution's fields of every kind, from its code maps (one load for all kinds). */
export interface FieldSets {
  criterion: FieldSet<CriterionField>;
  authorization: FieldSet<AuthorizationField>;
  contact: FieldSet<ContactField>;
}

export const loadFieldSets = (codes: CodeMaps): FieldSets => ({
  criterion: criterionKind.load(codes),
  authorization: authorizationKind.load(codes),
  contact: contactKind.load(codes),
});

/** The fields of a data type's template (its `[old]`/`[new]` pairs). */
export function templateFieldSet(sets: FieldSets, dataType: DataType): FieldSet {
  return sets[DATA_TYPE_SPECS[dataType].template.name] as FieldSet;
}

/** The field codes a template of this data type may hold, in template order. */
export function templateCodes(dataType: DataType, codes: CodeMaps): string[] {
  return DATA_TYPE_SPECS[dataType].template.load(codes).fields.map((field) => field.code);
}
