import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from '../errors/error-body';
import type { ApiErrorCode } from '../errors/error-codes';
import { API_ERROR_CODES } from '../errors/error-codes';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: the message says which field and why',
  401: 'Missing or unknown API key',
  403: 'Forbidden',
  404: 'Not found in your institution',
  409: 'Conflicts with the current state',
  410: 'Expired',
  413: 'Upload too large',
  422: 'Well formed but cannot be processed',
};

/**
 * Documents the error answers of an operation with the shared error body: a status, or a code of the catalog (its
 * status then names it, and the first code of a status is that status's example body).
 */
export const ApiErrors = (...errors: (number | ApiErrorCode)[]) => {
  const codes = new Map<number, string[]>([[401, []]]);
  for (const error of errors) {
    const status = typeof error === 'number' ? error : (API_ERROR_CODES[error].status as number);
    codes.set(status, [...(codes.get(status) ?? []), ...(typeof error === 'number' ? [] : [error])]);
  }
  return applyDecorators(
    ...[...codes].map(([status, named]) => {
      const description = DESCRIPTIONS[status] ?? 'Error';
      return ApiResponse({
        status,
        description: named.length ? `${description} (${named.join(', ')})` : description,
        type: ErrorBody,
      });
    }),
  );
};

/** The example answer of a status whose description names no code of its own. */
const EXAMPLES: Record<number, { code: ApiErrorCode; message: string }> = {
  400: { code: 'VALIDATION_FAILED', message: 'name must be a string' },
  401: { code: 'UNAUTHORIZED', message: 'Unknown API key' },
  403: { code: 'FORBIDDEN', message: 'The request is not allowed.' },
  404: { code: 'NOT_FOUND', message: 'Target 7 was not found in your institution' },
  409: { code: 'CONFLICT', message: 'The request conflicts with the current state.' },
  410: { code: 'GONE', message: 'The resource existed but is no longer available.' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: 'request entity too large' },
  422: { code: 'UNPROCESSABLE_ENTITY', message: 'The request is well formed but cannot be processed.' },
  500: { code: 'INTERNAL_ERROR', message: 'Internal server error' },
  503: { code: 'SERVICE_UNAVAILABLE', message: 'Not ready: database does not answer' },
};

/**
 * The example body of an error answer, so that Swagger UI shows each status its own body rather than ErrorBody's
 * property examples (a 400 VALIDATION_FAILED under every status). A code the description names in capitals
 * (`… (EXPORT_NOT_READY)`) is used with its catalog message when the catalog gives it that status.
 */
export function errorExample(status: number, description = ''): ErrorBody {
  const named = (description.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b[A-Z]{4,}\b/g) ?? []).find(
    (word) => (API_ERROR_CODES as Record<string, { status: number | null }>)[word]?.status === status,
  ) as ApiErrorCode | undefined;
  if (named) return { statusCode: status, code: named, message: API_ERROR_CODES[named].message };
  const fallback = EXAMPLES[status] ?? { code: 'ERROR', message: description || 'Error' };
  return { statusCode: status, ...fallback };
}
