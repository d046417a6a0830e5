/** A parameterised statement, run later inside a batch transaction (see BatchWriter). */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** Rows per multi-row statement: big enough to be fast, small enough for any max_allowed_packet. */
export const ROWS_PER_STATEMENT = 2000;

export function chunks<T>(items: T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** An `error` column is TEXT (65,535 bytes) and utf8mb4 takes up to 4 bytes a character: cut below that. */
export const ERROR_CHARS = 16_000;

/** An error message cut to fit its TEXT column. */
export const cutError = (error: string | null): string | null =>
  error === null || error.length <= ERROR_CHARS ? error : error.slice(0, ERROR_CHARS);
