/**
 * The contact columns as one table, read by every door: the targets API (DTOs, OpenAPI, SQL), the
 * template (header order) and a contacts import (cells, checks, SQL). Adding a column is one row here,
 * one migration and its rule in contact-rules.ts.
 */
import type { IssueCode } from '../issues/issue-codes';
import type { CellCheck } from './contact-rules';
import {
  checkEmail,
  checkRequiredName,
  CONTACT_LANGUAGES,
  EMAIL_MAX,
  FIRST_BIRTH_YEAR,
  NAME_MAX,
  readBirthDate,
  PHONE_MAX,
  readLanguage,
  readPhone,
  readText,
} from './contact-rules';

/** What a row of the table says; `defineColumn` adds what follows from it. */
export interface ContactColumnSpec {
  /** Template spelling: the header code of a contacts template, the import's field_code. */
  readonly code: string;
  /** The column of `contacts`. */
  readonly sqlColumn: string;
  /** The property of the targets API. */
  readonly apiName: string;
  /** The column's size, in characters. */
  readonly maxLength: number;
  /** A created contact needs a value; a value written is never ''. */
  readonly requiredOnCreate: boolean;
  /** How '' is stored: '' (a NOT NULL column) or NULL. The API writes empty the same way ('' or null). */
  readonly empty: '' | null;
  /** SQL reading the stored column (already qualified when `column` is) back in template form; NULL stays NULL. */
  readonly sqlRead: (column: string) => string;
  /** Turns a cell into the stored text form: intrinsic problems only (a date that is no date). */
  readonly parse: (raw: string, today?: string) => CellCheck;
  /** Quality rule of a parsed value (`label` names the column in the message); none when parse says all. */
  readonly check?: (value: string, label: string) => CellCheck;
  /**
   * What a contacts import accepts in a cell of the column, in words (markdown): the table of
   * docs/file-format.md, written by `npm run docs`.
   */
  readonly accepts: string;
  /**
   * The issue codes a cell of the column can be reported with: those of parse and check, and those a contacts
   * import adds for the column (the e-mail's uniqueness). contact-columns.spec.ts holds them to the rules.
   */
  readonly issueCodes: readonly IssueCode[];
  /**
   * OpenAPI metadata; `spelling` says how a value is stored, written by the template and sent to the API (what a
   * 400 asks for).
   */
  readonly api: {
    readonly example: string;
    readonly description: string;
    readonly format?: 'date';
    readonly enum?: readonly string[];
    readonly spelling: string;
  };
}

export interface ContactColumn extends ContactColumnSpec {
  /**
   * The whole rule of a written value: parse, then check (`label` names the column in messages, by default
   * the code). What a contacts import decides for a `[new]` cell it writes, and what the API accepts.
   */
  read(raw: string, today?: string, label?: string): CellCheck;
  /** The SQL parameter of a stored-form value: '' becomes NULL in a nullable column. */
  stored(value: string): string | null;
  /** The API's form of a stored-form value: '' becomes null in a nullable column. */
  toApi(value: string): string | null;
  /** The template-form SELECT expression of the column, `alias.column` when an alias is given. */
  select(alias?: string): string;
}

function defineColumn<const S extends ContactColumnSpec>(spec: S): S & ContactColumn {
  return {
    ...spec,
    read(raw, today, label = spec.code) {
      const parsed = spec.parse(raw, today);
      return parsed.ok && spec.check ? spec.check(parsed.value, label) : parsed;
    },
    stored: (value) => (value === '' ? spec.empty : value),
    toApi: (value) => (value === '' ? spec.empty : value),
    select: (alias) => spec.sqlRead(alias ? `${alias}.${spec.sqlColumn}` : spec.sqlColumn),
  };
}

const asIs = (column: string) => column;
const SPACES = 'without spaces around it';

/** The contact columns in template order. */
export const CONTACT_COLUMNS = [
  defineColumn({
    code: 'first_name',
    sqlColumn: 'first_name',
    apiName: 'firstName',
    maxLength: NAME_MAX,
    requiredOnCreate: true,
    empty: '',
    sqlRead: asIs,
    parse: readText,
    check: (value, label) => checkRequiredName(label, value),
    accepts: `any text without digits, at most ${NAME_MAX} characters; required to create a contact`,
    issueCodes: ['MISSING_NAME', 'DIGITS_IN_NAME', 'TOO_LONG'],
    api: { example: 'Claude', description: 'First name: letters, no digits', spelling: SPACES },
  }),
  defineColumn({
    code: 'last_name',
    sqlColumn: 'last_name',
    apiName: 'lastName',
    maxLength: NAME_MAX,
    requiredOnCreate: true,
    empty: '',
    sqlRead: asIs,
    parse: readText,
    check: (value, label) => checkRequiredName(label, value),
    accepts: `any text without digits, at most ${NAME_MAX} characters; required to create a contact`,
    issueCodes: ['MISSING_NAME', 'DIGITS_IN_NAME', 'TOO_LONG'],
    api: { example: 'Debussy', description: 'Last name: letters, no digits', spelling: SPACES },
  }),
  defineColumn({
    code: 'email',
    sqlColumn: 'email',
    apiName: 'email',
    maxLength: EMAIL_MAX,
    requiredOnCreate: false,
    empty: '',
    sqlRead: asIs,
    parse: readText,
    check: (value) => checkEmail(value),
    accepts: `an address like \`name@example.org\`, at most ${EMAIL_MAX} characters, that no other contact has and no other row of the file gives (an error on an update, a warning on a create); or empty`,
    issueCodes: ['INVALID_EMAIL', 'TOO_LONG', 'EMAIL_ALREADY_USED', 'DUPLICATE_EMAIL_IN_FILE'],
    api: {
      example: 'claude.debussy@example.org',
      description: 'An e-mail address like name@example.org, or "" when unknown',
      spelling: SPACES,
    },
  }),
  defineColumn({
    code: 'birth_date',
    sqlColumn: 'birth_date',
    apiName: 'birthDate',
    maxLength: 10,
    requiredOnCreate: false,
    empty: null,
    // The stored day as is, not a Date shifted by the connection's time zone.
    sqlRead: (column) => `DATE_FORMAT(${column}, '%Y-%m-%d')`,
    parse: readBirthDate,
    accepts: `\`yyyy-mm-dd\`, \`dd.mm.yyyy\`, \`dd/mm/yyyy\` or \`dd-mm-yyyy\`: a real day from ${FIRST_BIRTH_YEAR} on, not in the future; or empty`,
    issueCodes: ['INVALID_DATE', 'FUTURE_DATE'],
    api: {
      example: '1980-12-31',
      format: 'date',
      description: 'Birth date YYYY-MM-DD: a real date, from 1880 to today (UTC); null when unknown',
      spelling: 'YYYY-MM-DD',
    },
  }),
  defineColumn({
    code: 'language',
    sqlColumn: 'language',
    apiName: 'language',
    maxLength: 2,
    requiredOnCreate: false,
    empty: null,
    sqlRead: asIs,
    parse: (raw) => readLanguage(raw),
    accepts: `${CONTACT_LANGUAGES.map((language) => `\`${language}\``).join(', ')} in any case, or empty`,
    issueCodes: ['UNKNOWN_LANGUAGE'],
    api: {
      example: 'fr',
      enum: CONTACT_LANGUAGES,
      description: 'Language of the contact; null when unknown',
      spelling: `one of ${CONTACT_LANGUAGES.join(', ')}, in lower case`,
    },
  }),
  defineColumn({
    code: 'phone',
    sqlColumn: 'phone',
    apiName: 'phone',
    maxLength: PHONE_MAX,
    requiredOnCreate: false,
    empty: null,
    sqlRead: asIs,
    parse: readPhone,
    accepts:
      'a number with its country code, read into E.164: spaces, dots, dashes and parentheses between the digits are dropped and a leading `00` is read as `+` (`+33 6 12 34 56 78`, `0033 (6) 12-34-56-78`); or empty',
    issueCodes: ['INVALID_PHONE'],
    api: {
      example: '+33612345678',
      description: 'Phone number in international (E.164) format; null when unknown',
      spelling: 'E.164, e.g. +33612345678',
    },
  }),
] as const;

type Row = (typeof CONTACT_COLUMNS)[number];
export type ContactColumnCode = Row['code'];
export type ContactApiName = Row['apiName'];

/** A contact's columns in the stored text form ('' for empty), by template code. */
export type ContactValues = Record<ContactColumnCode, string>;

type NotNullRow = Extract<Row, { empty: '' }>;
type NullableRow = Extract<Row, { empty: null }>;
/** The contact columns of a targets API body: nullable columns may be left out or null. */
export type ContactApiInput = { [R in NotNullRow as R['apiName']]: string } & {
  [R in NullableRow as R['apiName']]?: string | null;
};
/** The contact columns of a targets API answer: null for an empty nullable column. */
export type ContactApiValues = { [R in NotNullRow as R['apiName']]: string } & {
  [R in NullableRow as R['apiName']]: string | null;
};

const BY_CODE = new Map<string, ContactColumn>(CONTACT_COLUMNS.map((column) => [column.code, column]));

export const CONTACT_COLUMN_CODES: readonly ContactColumnCode[] = CONTACT_COLUMNS.map((column) => column.code);

export const isContactColumn = (code: string): code is ContactColumnCode => BY_CODE.has(code);

export function contactColumn(code: ContactColumnCode): ContactColumn {
  const column = BY_CODE.get(code);
  if (!column) throw new Error(`Unknown contact column ${String(code)}`);
  return column;
}

/** Every column empty, in the stored text form. */
export function emptyContactValues(): ContactValues {
  return Object.fromEntries(CONTACT_COLUMNS.map((column) => [column.code, ''])) as ContactValues;
}
