import type { ExecutionContext, Type } from '@nestjs/common';
import { applyDecorators, createParamDecorator } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { DomainError } from '../errors/domain-error';
import { ErrorBody } from '../errors/error-body';

/**
 * One place for the Idempotency-Key of POST /imports and POST /template-exports (the IETF Idempotency-Key draft, as
 * Stripe does it): the key is stored with a digest of the request; the same key with the same request answers the job
 * it made, marked `Idempotent-Replayed: true`; the same key with another request is refused with 422
 * IDEMPOTENCY_KEY_REUSED, rather than silently answering a job that is not the one asked for.
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
/**
 * The idempotency_key columns of imports and template_exports are varchar(255). Node reads header values
 * as latin1, one character per byte, so this length is the one MySQL counts.
 */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** The key of a request, trimmed; none when absent or blank; a 400 INVALID_IDEMPOTENCY_KEY when too long. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  const key = (Array.isArray(header) ? header.join(', ') : header)?.trim();
  if (!key) return undefined;
  if (key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    throw new DomainError(
      'INVALID_IDEMPOTENCY_KEY',
      `The Idempotency-Key header must be at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters (it has ${key.length}); send a shorter key, such as a UUID`,
    );
  }
  return key;
}

/** The request's Idempotency-Key header, checked by `parseIdempotencyKey`: `@IdempotencyKey() key?: string`. */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined =>
  parseIdempotencyKey(context.switchToHttp().getRequest<Request>().headers[IDEMPOTENCY_KEY_HEADER]),
);

/** JSON with the keys of every object sorted: the same request always reads the same, whatever its key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The digest stored with a key: SHA-256 (hex, 64 characters) of what the request asks for, as canonical JSON. */
export const requestDigest = (request: Record<string, unknown>): string =>
  createHash('sha256').update(canonicalJson(request)).digest('hex');

/**
 * A pass-through that hashes what flows through it (SHA-256, hex once it ended): an upload's part of its request
 * digest, taken while it streams into the store, so the file is never read twice.
 */
export function digestingStream(): { stream: Transform; digest: () => string } {
  const hash = createHash('sha256');
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { stream, digest: () => hash.digest('hex') };
}

/** The job a key already holds, as far as the replay rule reads it. */
export interface IdempotentJob {
  id: number;
  idempotencyDigest: string | null;
}

/**
 * Replays `job` for a request with `digest`, or refuses with 422 IDEMPOTENCY_KEY_REUSED when it was made by another
 * request. A job stored before digests were kept (null) cannot be compared: it is replayed, as it was then.
 */
export function replayIdempotent<J extends IdempotentJob>(job: J, digest: string, what: string): J {
  if (job.idempotencyDigest !== null && job.idempotencyDigest !== digest) {
    throw new DomainError(
      'IDEMPOTENCY_KEY_REUSED',
      `This Idempotency-Key was already used for ${what} ${job.id}, with another request; send a new key (a UUID) for a new ${what}, or the same request to get ${what} ${job.id} back`,
    );
  }
  return job;
}

/** Marks an answer as the replay of an earlier request. */
export function markReplayed(response: Response): void {
  response.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
}

/**
 * Documents an operation taking `@IdempotencyKey()`: the header (no example, so that Swagger UI never sends one
 * nobody chose), its 202 with the `Idempotent-Replayed` header, and the 422 of a reused key. `what` names the job.
 */
export const ApiIdempotent = (what: string, accepted: { type: Type<unknown>; description: string }) =>
  applyDecorators(
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description: `A key of yours (a UUID) that makes a retry safe: the same key with the same request answers the first ${what} again (header ${IDEMPOTENT_REPLAYED_HEADER}: true) instead of making a new one; with another request, 422 IDEMPOTENCY_KEY_REUSED. At most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters, spaces around it ignored; a longer key is refused with 400 INVALID_IDEMPOTENCY_KEY`,
      schema: { type: 'string', maxLength: IDEMPOTENCY_KEY_MAX_LENGTH },
    }),
    ApiResponse({
      status: 202,
      type: accepted.type,
      description: accepted.description,
      headers: {
        [IDEMPOTENT_REPLAYED_HEADER]: {
          description: `"true" when the Idempotency-Key was already used with this same request: the answer is the first ${what}, nothing new was queued`,
          schema: { type: 'string', enum: ['true'] },
        },
      },
    }),
    ApiResponse({
      status: 422,
      type: ErrorBody,
      description: `IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was already used for another request (another ${what})`,
    }),
  );
