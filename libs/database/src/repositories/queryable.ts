import type { DataSource, EntityManager } from 'typeorm';

/** Where a repository runs a statement: the pool, or the manager of the caller's transaction. */
export type Queryable = Pick<DataSource | EntityManager, 'query'>;

/** Two requests creating the same code at once: the unique index decides. */
export const isDuplicateEntry = (error: unknown): boolean =>
  (error as { code?: string } | null)?.code === 'ER_DUP_ENTRY';
