import type { DomainErrorCode } from './error-codes';
import { errorStatus } from './error-codes';

/**
 * An error a caller can act on: a stable code of the catalog (error-codes.ts, which gives the HTTP status the
 * exception filter answers with), a message saying what is wrong and how to fix it, and optional structured
 * details. Libs and services throw these.
 */
export class DomainError extends Error {
  readonly status: number;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Structured details for the body: the list of invalid properties, or an object (a path, the codes). */
    readonly details?: Record<string, unknown> | readonly string[],
  ) {
    super(message);
    this.name = 'DomainError';
    this.status = errorStatus(code);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string | number) {
    super('NOT_FOUND', `${what} ${id} was not found`);
  }
}
