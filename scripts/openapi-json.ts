import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * Deterministic JSON: every object's keys sorted (paths, schemas, responses…), except a schema's
 * `properties`, which keep their declared order because that is the order readers and forms show.
 */
export function canonicalize(value: unknown, parentKey?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => canonicalize(item));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  if (parentKey !== 'properties') entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(
    entries.map(([key, item]) => [key, canonicalize(item, parentKey === 'properties' ? undefined : key)]),
  );
}

/** The exact text committed as openapi/<app>.json. */
export function serializeDocument(document: OpenAPIObject): string {
  return `${JSON.stringify(canonicalize(document), null, 2)}\n`;
}
