import { ApiParam } from '@nestjs/swagger';

/**
 * The `{id}` of a path: a positive integer in every document (a generated client must not send `1.5`); anything
 * else answers 400, so the operation lists 400 among its errors. No example: Swagger UI would pre-fill it, and one
 * click on Execute would act (delete, apply, revert) on a record nobody chose.
 */
export const ApiIdParam = (description: string) =>
  ApiParam({ name: 'id', schema: { type: 'integer', minimum: 1 }, description });
