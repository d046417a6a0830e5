import type { ContactColumn, ContactColumnCode, IssueCode } from '@app/common';
import type { ContactsRepository, FieldValuesRepository, Statement, ValueColumns } from '@app/database';
import type { CodeMaps } from '@app/targeting';

/** The kinds of field a template column can carry; also the change log's `field_type`. */
export type FieldKindName = 'criterion' | 'authorization' | 'contact';

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

/** A column of the contact itself (first_name, email, …), from the contact columns table. */
export interface ContactField {
  kind: 'contact';
  /** Its position in the table, from 1: keys current values like a criterion's id. */
  id: number;
  code: ContactColumnCode;
  column: ContactColumn;
}

export type Field = CriterionField | AuthorizationField | ContactField;

/** The repositories current values are read through. */
export interface FieldReaders {
  values: FieldValuesRepository;
  contacts: ContactsRepository;
}

/** A `[new]` cell read into the file form of its value (codes joined by |, TRUE/FALSE/''), plus what to write. */
export interface NewCell {
  value: string;
  /** Criterion value ids to write (criteria only). */
  valueIds?: number[];
  /** Authorization value to write (authorizations only). */
  bool?: boolean | null;
}

/** A note on a cell that was read anyway (e.g. a number turned back into a code). */
export interface CellWarning {
  code: IssueCode;
  message: string;
}

export type CellRead =
  { ok: true; cell: NewCell; warnings?: CellWarning[] } | { ok: false; code: IssueCode; message: string };

/** A field value to write, with what it replaces (values as written in files). */
export interface FieldWrite<F extends Field = Field> {
  contactId: number;
  field: F;
  oldValue: string;
  newValue: string;
  cell: NewCell;
  line: number;
}

/** Per contact of a batch, field id -> value as written in files. A contact absent from the map does not exist. */
export type CurrentValues = Map<number, Map<number, string>>;

/** Where a kind's values are stored: a table keyed (contact_id, field column), one row per value. */
export type ValueTable = ValueColumns;

/**
 * The fields of one kind in one institution, and everything that depends on what they are: reading
 * and comparing cells, decoding stored values, restoring a logged value, printing a template cell.
 */
export interface FieldSet<F extends Field = Field> {
  readonly kind: FieldKind<F>;
  /** In template order (by code). */
  readonly fields: readonly F[];
  readonly byCode: ReadonlyMap<string, F>;
  /** Reads a `[new]` cell: the value to write, or what is wrong with it. */
  readNew(field: F, raw: string): CellRead;
  /** Reads an `[old]` cell into the form current values take, with the same tolerance; never an error. */
  readOld(field: F, raw: string): string;
  /** The write that puts back a value logged as in files, or undefined when it cannot be written any more. */
  restore(field: F, value: string): NewCell | undefined;
  /** The current values of some of these fields for a batch of contacts of the institution. */
  loadCurrent(
    readers: FieldReaders,
    institutionId: number,
    fieldIds: number[],
    contactIds: number[],
  ): Promise<CurrentValues>;
  /** The statements that write these values (the change log is written beside, by the caller). */
  writeStatements(writes: FieldWrite<F>[], institutionId: number): Statement[];
  /**
   * The template cell of one field from the first `count` stored values (value ids, or 0/1 answers); value kinds only.
   */
  formatter(): (stored: number[], count: number) => string;
}

/** One kind of field: how its fields load, where its values live, how its columns are named. */
export interface FieldKind<F extends Field = Field> {
  readonly name: F['kind'];
  /** The kind in messages: "criterion", "authorization". */
  readonly label: string;
  /** The table of its values, one row per value; null when the values are columns of `contacts`. */
  readonly values: ValueTable | null;
  /** The workbook offers TRUE/FALSE in its `[new]` cells. */
  readonly booleanCells: boolean;
  load(codes: CodeMaps): FieldSet<F>;
}
