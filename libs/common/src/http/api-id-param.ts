import { ApiParam } from '@nestjs/swagger';

/**
 * The `{id}` of a path: a positive integer in every document (a generated client must not send `1.5`); anything
 * else answers 400, so the operation lists 400 among its errors.
 */
export const ApiIdParam = (description: string, example: number) =>
  ApiParam({ name: 'id', schema: { type: 'integer', minimum: 1, example }, description });
