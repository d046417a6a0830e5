import { Transform } from 'class-transformer';

/**
 * An optional field sent empty (`email=` in a form, `?to=` in a query string, `""` in JSON) counts as left out:
 * Swagger UI and HTML forms send the fields a user did not fill as empty strings. Put it on every optional field of a
 * form, query or body DTO. It reads the field as sent (`obj[key]`), since `@Type(() => Number)` has already turned
 * `''` into 0 when it runs.
 */
export const EmptyAsAbsent = () =>
  Transform(
    ({ value, obj, key }: { value: unknown; obj: Record<string, unknown>; key: string }) =>
      obj[key] === '' ? undefined : value,
    { toClassOnly: true },
  );
