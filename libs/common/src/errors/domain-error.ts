import { HttpStatus } from '@nestjs/common';

/**
 * An error a caller can act on: a stable code, a message saying what is wrong and how to fix it,
 * and the HTTP status the exception filter answers with. Libs and services throw these.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = HttpStatus.BAD_REQUEST,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string | number) {
    super('NOT_FOUND', `${what} ${id} was not found`, HttpStatus.NOT_FOUND);
  }
}
