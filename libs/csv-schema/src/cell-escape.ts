// Formula injection (CSV injection): a spreadsheet runs a cell starting with one of these
// characters as a formula. Export prefixes such cells with an apostrophe; import removes it.
const EQUALS = 61;
const PLUS = 43;
const MINUS = 45;
const AT = 64;
const TAB = 9;
const CR = 13;
const APOSTROPHE = 39;

function isTrigger(code: number): boolean {
  return code === EQUALS || code === PLUS || code === MINUS || code === AT || code === TAB || code === CR;
}

/** Number of leading apostrophes when they are followed by a trigger character, else -1. */
function apostrophesBeforeTrigger(value: string): number {
  let i = 0;
  while (value.charCodeAt(i) === APOSTROPHE) i++;
  return i < value.length && isTrigger(value.charCodeAt(i)) ? i : -1;
}

/**
 * A cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`. So that
 * `unescapeCell(escapeCell(x)) === x` holds for every string, a value that already starts with
 * apostrophes followed by such a character (`'=1`) gets one more too.
 */
export function escapeCell(value: string): string {
  if (value.length === 0) return value;
  const first = value.charCodeAt(0);
  if (isTrigger(first)) return `'${value}`;
  if (first !== APOSTROPHE) return value;
  return apostrophesBeforeTrigger(value) > 0 ? `'${value}` : value;
}

/** Removes the one apostrophe `escapeCell` added: only before a trigger character (after any further apostrophes). */
export function unescapeCell(value: string): string {
  if (value.charCodeAt(0) !== APOSTROPHE) return value;
  return apostrophesBeforeTrigger(value) > 0 ? value.slice(1) : value;
}
