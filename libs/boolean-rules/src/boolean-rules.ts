export type TriState = boolean | null;

/**
 * The one table of accepted spellings (docs/file-format.md). Everything else in this module, its error
 * message and its tests are derived from it.
 */
export const BOOLEAN_SPELLINGS: { true: string[]; false: string[] } = Object.freeze({
  true: Object.freeze(['TRUE', 'true', 'T', 't']) as string[],
  false: Object.freeze(['FALSE', 'false', 'F', 'f']) as string[],
});

export type BooleanParse = { ok: true; value: TriState } | { ok: false; code: 'INVALID_BOOLEAN'; message: string };

const LOOKUP = new Map<string, boolean>([
  ...BOOLEAN_SPELLINGS.true.map((s) => [s, true] as const),
  ...BOOLEAN_SPELLINGS.false.map((s) => [s, false] as const),
]);

// Shared frozen results: parsing a million cells allocates nothing on the happy path.
const OK_TRUE: BooleanParse = Object.freeze({ ok: true, value: true });
const OK_FALSE: BooleanParse = Object.freeze({ ok: true, value: false });
const OK_EMPTY: BooleanParse = Object.freeze({ ok: true, value: null });

const list = (spellings: string[]): string => {
  const quoted = spellings.map((s) => `"${s}"`);
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
};

/** The accepted spellings, as the error message and the API documentation state them. */
export const BOOLEAN_SPELLINGS_HELP =
  `write ${list(BOOLEAN_SPELLINGS.true)} for yes, ${list(BOOLEAN_SPELLINGS.false)} for no, ` +
  'or leave the cell empty for no value';

const MAX_QUOTED = 40;

/** Reads a tri-state cell: surrounding spaces are ignored, an empty cell is `null`. */
export function parseBoolean(cell: string): BooleanParse {
  const value = LOOKUP.get(cell);
  if (value !== undefined) return value ? OK_TRUE : OK_FALSE;
  if (cell === '') return OK_EMPTY;
  const trimmed = cell.trim();
  if (trimmed === '') return OK_EMPTY;
  const found = LOOKUP.get(trimmed);
  if (found !== undefined) return found ? OK_TRUE : OK_FALSE;
  const shown = trimmed.length > MAX_QUOTED ? `${trimmed.slice(0, MAX_QUOTED)}…` : trimmed;
  return {
    ok: false,
    code: 'INVALID_BOOLEAN',
    message: `"${shown}" is not a valid yes/no value: ${BOOLEAN_SPELLINGS_HELP}.`,
  };
}

/** Writes a tri-state value the way templates show it. */
export function formatBoolean(value: TriState): 'TRUE' | 'FALSE' | '' {
  if (value === true) return 'TRUE';
  if (value === false) return 'FALSE';
  return '';
}
