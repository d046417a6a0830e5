import type { ExecutionContext } from '@nestjs/common';
import { createParamDecorator } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError } from '../errors/domain-error';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
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

/** Documents the header of an operation taking `@IdempotencyKey()`; `what` is what a repeated key answers. */
export const ApiIdempotencyKey = (what: string, example?: string) =>
  ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description: `Sending the same key again returns the first ${what} instead of a new one. At most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters, spaces around it ignored; a longer key is refused with 400 INVALID_IDEMPOTENCY_KEY`,
    schema: { type: 'string', maxLength: IDEMPOTENCY_KEY_MAX_LENGTH },
    ...(example ? { example } : {}),
  });
