export const MULTI_VALUE_SEPARATOR = '|';

export type MultiValueParse =
  { ok: true; codes: string[] } | { ok: false; code: 'EMPTY_VALUE_PART' | 'DUPLICATE_VALUE'; message: string };

// Plain code-unit order: the same on every machine and locale, so exports are reproducible.
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Codes of a multi-valued criterion as one cell: sorted, joined by `|`. */
export function joinMultiValue(codes: string[]): string {
  if (codes.length === 0) return '';
  if (codes.length === 1) return codes[0];
  return [...codes].sort(byCodeUnits).join(MULTI_VALUE_SEPARATOR);
}

/** Reads a multi-value cell: `''` is no value; parts are trimmed; codes come back sorted. */
export function splitMultiValue(cell: string): MultiValueParse {
  const trimmed = cell.trim();
  if (trimmed === '') return { ok: true, codes: [] };
  if (trimmed.indexOf(MULTI_VALUE_SEPARATOR) === -1) return { ok: true, codes: [trimmed] };
  const codes = trimmed.split(MULTI_VALUE_SEPARATOR);
  for (let i = 0; i < codes.length; i++) {
    const part = codes[i].trim();
    if (part === '') {
      return {
        ok: false,
        code: 'EMPTY_VALUE_PART',
        message: `"${cell}" has an empty value between "|" separators: write the codes separated by single "|" with no empty part, e.g. "JAZZ|ROCK".`,
      };
    }
    codes[i] = part;
  }
  codes.sort(byCodeUnits);
  for (let i = 1; i < codes.length; i++) {
    if (codes[i] === codes[i - 1]) {
      return {
        ok: false,
        code: 'DUPLICATE_VALUE',
        message: `"${cell}" lists the value "${codes[i]}" more than once: write each code only once.`,
      };
    }
  }
  return { ok: true, codes };
}
