/** Pure checks of contact cells (no database): dates, languages, e-mails, names. */
import type { IssueCode } from '@app/common';
import { checkBirthDay, CONTACT_LANGUAGES } from '@app/common';

/** The contact columns a `contacts` import reads, bare or as `[old]`/`[new]` pairs. */
export const CONTACT_COLUMNS = ['first_name', 'last_name', 'email', 'birth_date', 'language'] as const;
export type ContactColumnCode = (typeof CONTACT_COLUMNS)[number];
export const isContactColumn = (code: string): code is ContactColumnCode =>
  (CONTACT_COLUMNS as readonly string[]).includes(code);

export const NAME_MAX = 100;
export const EMAIL_MAX = 254;

export type CellCheck = { ok: true; value: string } | { ok: false; code: IssueCode; message: string };

const DMY = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Reads a birth date written `dd.mm.yyyy`, `dd/mm/yyyy` or `dd-mm-yyyy` (or `yyyy-mm-dd`) into
 * `yyyy-mm-dd`; empty stays empty. `today` is `yyyy-mm-dd` (UTC) so that tests can pin it.
 */
export function readBirthDate(raw: string, today = new Date().toISOString().slice(0, 10)): CellCheck {
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
  const value = checked.date;
  return { ok: true, value };
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

/** Reads a `[new]` contact cell into its stored form; intrinsic errors only (dates, languages). */
export function readContactCell(code: ContactColumnCode, raw: string, today?: string): CellCheck {
  if (code === 'birth_date') return readBirthDate(raw, today);
  if (code === 'language') return readLanguage(raw);
  return { ok: true, value: raw.trim() };
}

/** Reads an `[old]` contact cell into the stored form, without errors (it is only compared). */
export function normalizeOldContact(code: ContactColumnCode, raw: string): string {
  const read = readContactCell(code, raw, '9999-12-31');
  return read.ok ? read.value : raw.trim();
}
