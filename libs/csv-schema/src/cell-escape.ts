// Formula injection (CSV injection): a spreadsheet runs a cell starting with one of these
// characters as a formula. Export prefixes such cells with an apostrophe; import removes it.
const EQUALS = 61;
const PLUS = 43;
const MINUS = 45;
const AT = 64;
const TAB = 9;
const CR = 13;
const APOSTROPHE = 39;
// The full-width forms ＝ ＋ － ＠, which some spreadsheets read as their ASCII forms.
const FULL_WIDTH_EQUALS = 0xff1d;
const FULL_WIDTH_PLUS = 0xff0b;
const FULL_WIDTH_MINUS = 0xff0d;
const FULL_WIDTH_AT = 0xff20;

function isFormulaChar(code: number): boolean {
  return (
    code === EQUALS ||
    code === PLUS ||
    code === MINUS ||
    code === AT ||
    code === FULL_WIDTH_EQUALS ||
    code === FULL_WIDTH_PLUS ||
    code === FULL_WIDTH_MINUS ||
    code === FULL_WIDTH_AT
  );
}

/**
 * Whitespace, control or invisible format characters, which a spreadsheet may skip (or trim) before a formula: C0 and
 * space, DEL, C1 and no-break space, the Unicode spaces, zero-width and direction marks, ideographic space, BOM.
 */
function isFiller(code: number): boolean {
  return (
    code <= 0x20 ||
    (code >= 0x7f && code <= 0xa0) ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202f) ||
    (code >= 0x205f && code <= 0x206f) ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Whether `value` from index `i` reads as a formula: tab or CR, or fillers then a formula character. */
function isTriggerAt(value: string, i: number): boolean {
  const first = value.charCodeAt(i);
  if (first === TAB || first === CR) return true;
  while (i < value.length && isFiller(value.charCodeAt(i))) i++;
  return i < value.length && isFormulaChar(value.charCodeAt(i));
}

/** Number of leading apostrophes when they are followed by a formula start, else -1. */
function apostrophesBeforeTrigger(value: string): number {
  let i = 0;
  while (value.charCodeAt(i) === APOSTROPHE) i++;
  return i < value.length && isTriggerAt(value, i) ? i : -1;
}

/** Whether a spreadsheet could run `value` as a formula (what escapeCell guards against). */
export function isFormulaStart(value: string): boolean {
  return value.length > 0 && isTriggerAt(value, 0);
}

/**
 * A cell starting with a formula gets a leading `'`: `=`, `+`, `-`, `@` or their full-width forms `＝ ＋ － ＠`, also
 * after leading whitespace or control characters (` =1`, `\n@x`), and tab or CR. So that
 * `unescapeCell(escapeCell(x)) === x` holds for every string, a value that already starts with apostrophes followed by
 * such a start (`'=1`) gets one more too.
 */
export function escapeCell(value: string): string {
  if (value.length === 0) return value;
  if (value.charCodeAt(0) !== APOSTROPHE) return isTriggerAt(value, 0) ? `'${value}` : value;
  return apostrophesBeforeTrigger(value) > 0 ? `'${value}` : value;
}

/** Removes the one apostrophe `escapeCell` added: only before a formula start (after any further apostrophes). */
export function unescapeCell(value: string): string {
  if (value.charCodeAt(0) !== APOSTROPHE) return value;
  return apostrophesBeforeTrigger(value) > 0 ? value.slice(1) : value;
}
