/** Tolerances for codes typed by people or mangled by spreadsheets. */

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** The number a cell or code reads as (`007` -> 7, `3.04` -> 3.04), or undefined. */
export function numericValue(text: string): number | undefined {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** Levenshtein distance, giving up (returning max + 1) once it exceeds max. */
export function levenshtein(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (current[j] < best) best = current[j];
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return Math.min(previous[b.length], max + 1);
}

/** The known code a user most likely meant: same letters in another case, else the closest within 2 edits. */
export function didYouMean(input: string, codes: Iterable<string>): string | undefined {
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const code of codes) {
    if (code.toLowerCase() === lower) return code;
    const distance = levenshtein(input, code, 2);
    if (distance < bestDistance) {
      best = code;
      bestDistance = distance;
    }
  }
  return best;
}

/** Template order: by code, byte by byte (the database's collation would ignore case and some punctuation). */
export const byCode = ([a]: [string, unknown], [b]: [string, unknown]): number => (a < b ? -1 : a > b ? 1 : 0);
