import type { IssueCode } from '../issues/issue-codes';

/**
 * Rules on contact fields shared by the targets API and a contacts import, so both accept the same values.
 * Each reader turns a template cell or an API value into the stored text form ('' when empty), or says why not
 * with a stable code; CONTACT_COLUMNS (contact-columns.ts) assigns them to the columns.
 */

export const CONTACT_LANGUAGES = ['fr', 'en', 'de', 'it'] as const;
export type ContactLanguage = (typeof CONTACT_LANGUAGES)[number];

/** The earliest birth year accepted: earlier ones are typing mistakes. */
export const FIRST_BIRTH_YEAR = 1880;

export const NAME_MAX = 100;
export const EMAIL_MAX = 254;

/** A value in its stored text form ('' when empty), or why it cannot be stored. */
export type CellCheck = { ok: true; value: string } | { ok: false; code: IssueCode; message: string };

/** Today as `YYYY-MM-DD` (UTC), the default end of the birth-date range. */
export const utcToday = (): string => new Date().toISOString().slice(0, 10);

/**
 * A birth day as `YYYY-MM-DD` when it exists, is from FIRST_BIRTH_YEAR on and not after `today`
 * (`YYYY-MM-DD`, UTC); else why not.
 */
export function checkBirthDay(
  year: number,
  month: number,
  day: number,
  today: string,
): { date: string } | { problem: 'IMPOSSIBLE' | 'TOO_EARLY' | 'FUTURE' } {
  const utc = new Date(Date.UTC(year, month - 1, day));
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day)
    return { problem: 'IMPOSSIBLE' };
  if (year < FIRST_BIRTH_YEAR) return { problem: 'TOO_EARLY' };
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return date > today ? { problem: 'FUTURE' } : { date };
}

const DMY = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Reads a birth date written `dd.mm.yyyy`, `dd/mm/yyyy` or `dd-mm-yyyy` (or `yyyy-mm-dd`) into
 * `yyyy-mm-dd`; empty stays empty. `today` is `yyyy-mm-dd` (UTC) so that tests can pin it.
 */
export function readBirthDate(raw: string, today = utcToday()): CellCheck {
  const text = raw.trim();
  if (text === '') return { ok: true, value: '' };
  const dmy = DMY.exec(text);
  const iso = dmy ? null : ISO.exec(text);
  if (!dmy && !iso) {
    return {
      ok: false,
      code: 'INVALID_DATE',
      message: `"${text}" is not a date; write it yyyy-mm-dd as the template does (or dd.mm.yyyy, dd/mm/yyyy, dd-mm-yyyy), e.g. 1980-12-31`,
    };
  }
  const [day, month, year] = dmy
    ? [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])]
    : [Number(iso![3]), Number(iso![2]), Number(iso![1])];
  const checked = checkBirthDay(year, month, day, today);
  if ('problem' in checked && checked.problem === 'FUTURE') {
    return {
      ok: false,
      code: 'FUTURE_DATE',
      message: `${text} is in the future; a birth date must be today or earlier`,
    };
  }
  if ('problem' in checked) {
    return {
      ok: false,
      code: 'INVALID_DATE',
      message: `"${text}" is not a possible date (day ${day}, month ${month}, year ${year}); write a real day with a four-digit year, e.g. 1980-12-31`,
    };
  }
  return { ok: true, value: checked.date };
}

/** Reads a language: fr, en, de or it in any case; empty stays empty. */
export function readLanguage(raw: string): CellCheck {
  const value = raw.trim().toLowerCase();
  if (value === '' || (CONTACT_LANGUAGES as readonly string[]).includes(value)) return { ok: true, value };
  return {
    ok: false,
    code: 'UNKNOWN_LANGUAGE',
    message: `"${raw.trim()}" is not a language; write one of ${CONTACT_LANGUAGES.join(', ')} or leave the cell empty`,
  };
}

const EMAIL = /^[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[^\s@"'<>(),;:.]{2,}$/;

/** An e-mail address (empty allowed: a contact may have none). */
export function checkEmail(value: string): CellCheck {
  if (value === '') return { ok: true, value };
  if (value.length > EMAIL_MAX)
    return {
      ok: false,
      code: 'TOO_LONG',
      message: `The e-mail has ${value.length} characters; at most ${EMAIL_MAX} are allowed`,
    };
  if (!EMAIL.test(value) || value.includes('..')) {
    return {
      ok: false,
      code: 'INVALID_EMAIL',
      message: `"${value}" is not an e-mail address; write it like name@example.org`,
    };
  }
  return { ok: true, value };
}

/** A first or last name: no digits, within the column size. Emptiness is checked by the caller (create or update). */
export function checkName(column: string, value: string): CellCheck {
  if (value.length > NAME_MAX)
    return {
      ok: false,
      code: 'TOO_LONG',
      message: `${column} has ${value.length} characters; at most ${NAME_MAX} are allowed`,
    };
  if (/\d/.test(value))
    return {
      ok: false,
      code: 'DIGITS_IN_NAME',
      message: `${column} "${value}" contains digits; names hold letters only, check for a typo or a value in the wrong column`,
    };
  return { ok: true, value };
}

/** A name that a contact must have: not empty, then checkName. */
export function checkRequiredName(column: string, value: string): CellCheck {
  if (value === '')
    return { ok: false, code: 'MISSING_NAME', message: `${column} is empty; a contact needs a first and a last name` };
  return checkName(column, value);
}

/** Reads a free-text cell: the text without the spaces around it. */
export function readText(raw: string): CellCheck {
  return { ok: true, value: raw.trim() };
}

/**
 * E.164: a plus, a country code that does not start with 0, 7 to 15 digits in all (the shortest numbers in use have 7).
 */
export const PHONE_MAX = 16;
const E164 = /^\+[1-9]\d{6,14}$/;
/** What people type between the digits of a phone number. */
const PHONE_SEPARATORS = /[\s.()\-\u00a0]/g;

/**
 * Reads a phone number into E.164 (`+33612345678`): spaces, dots, dashes and parentheses between the
 * digits are dropped, a leading 00 is read as +; empty stays empty.
 */
export function readPhone(raw: string): CellCheck {
  const text = raw.trim();
  if (text === '') return { ok: true, value: '' };
  const compact = text.replace(PHONE_SEPARATORS, '').replace(/^00/, '+');
  if (E164.test(compact)) return { ok: true, value: compact };
  return {
    ok: false,
    code: 'INVALID_PHONE',
    message: `"${text}" is not an international phone number; write it with its country code, e.g. +33612345678 (format the column as text so that the spreadsheet keeps the +)`,
  };
}
