import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from '../errors/error-body';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: the message says which field and why',
  401: 'Missing or unknown API key',
  403: 'Forbidden',
  404: 'Not found in your institution',
  409: 'Conflicts with the current state',
  410: 'Expired',
  413: 'Upload too large',
};

/** Documents the error answers of an operation with the shared error body. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...[401, ...statuses].map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ErrorBody }),
    ),
  );
