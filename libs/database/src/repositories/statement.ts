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
