/**
 * The contact cells of a `contacts` import, read by the shared contact columns table of @app/common
 * (CONTACT_COLUMNS, whose rules are those of the targets API too). The names below stay for the engine.
 */
import type { CellCheck, ContactColumnCode } from '@app/common';
import {
  checkEmail,
  checkName,
  CONTACT_COLUMN_CODES,
  contactColumn,
  EMAIL_MAX,
  isContactColumn,
  NAME_MAX,
  readBirthDate,
  readLanguage,
} from '@app/common';

export type { CellCheck, ContactColumnCode };
export { checkEmail, checkName, EMAIL_MAX, isContactColumn, NAME_MAX, readBirthDate, readLanguage };

/** The contact columns a `contacts` import reads, bare or as `[old]`/`[new]` pairs, in template order. */
export const CONTACT_COLUMNS = CONTACT_COLUMN_CODES;

/** Reads a `[new]` contact cell into its stored form; intrinsic errors only (dates, languages). */
export function readContactCell(code: ContactColumnCode, raw: string, today?: string): CellCheck {
  return contactColumn(code).parse(raw, today);
}

/** Reads an `[old]` contact cell into the stored form, without errors (it is only compared). */
export function normalizeOldContact(code: ContactColumnCode, raw: string): string {
  const read = readContactCell(code, raw, '9999-12-31');
  return read.ok ? read.value : raw.trim();
}
