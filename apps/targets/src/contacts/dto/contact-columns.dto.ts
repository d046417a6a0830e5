import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ContactApiInput, ContactApiValues, ContactColumn, ContactColumnCode } from '@app/common';
import { CONTACT_COLUMNS, contactColumn } from '@app/common';
import { IsOptional, ValidateBy } from 'class-validator';

/**
 * Why `value` is not what the API takes for `column`, or null when it is. The API takes exactly the API
 * spelling of the values a contacts import accepts: `column.read` accepts it and reads it as itself ('' is
 * null in a nullable column). A cell the import reads into another spelling (24.12.1990, FR, " Ada ") is
 * refused with the spelling to send instead.
 */
export function contactApiProblem(column: ContactColumn, value: unknown, today?: string): string | null {
  if (value === null && column.empty === null) return null;
  if (typeof value !== 'string') return `must be a string${column.empty === null ? ' or null' : ''}`;
  const read = column.read(value, today, column.apiName);
  if (!read.ok) return read.message;
  if (read.value === value && !(value === '' && column.empty === null)) return null;
  const expected = column.toApi(read.value);
  return expected === null
    ? `must be null when unknown, not "${value}"`
    : `"${value}" must be written ${expected} (${column.api.spelling})`;
}

/** The message of a refused value: it names the property first (some rules name it already). */
function contactApiMessage(property: string, problem: string): string {
  return problem.startsWith(`${property} `) ? problem : `${property} ${problem}`;
}

/** A contact column of a targets API body, by the rules of the contact columns table. */
export const IsContactColumn = (code: ContactColumnCode) => {
  const column = contactColumn(code);
  return ValidateBy({
    name: 'isContactColumn',
    constraints: [code],
    validator: {
      validate: (value) => contactApiProblem(column, value) === null,
      defaultMessage: (args) =>
        contactApiMessage(args?.property ?? column.apiName, contactApiProblem(column, args?.value) ?? ''),
    },
  });
};

/** The OpenAPI schema of a contact column, from the table. */
function apiContactColumn(column: ContactColumn, door: 'body' | 'answer'): PropertyDecorator {
  const nullable = column.empty === null;
  const { example, description, format, enum: values } = column.api;
  const decorator = nullable && door === 'body' ? ApiPropertyOptional : ApiProperty;
  return decorator({
    ...(values ? { enum: values as string[] } : { type: 'string', ...(format ? { format } : {}) }),
    ...(values || format ? {} : { maxLength: column.maxLength }),
    ...(door === 'body' && column.requiredOnCreate ? { minLength: 1 } : {}),
    ...(nullable ? { nullable: true } : {}),
    example,
    description: door === 'body' && nullable ? `${description} (or left out)` : description,
  });
}

/**
 * A base class holding every contact column of a create body, validated and documented from the table:
 * a new row of CONTACT_COLUMNS is a new property of the body without a change here.
 */
export function ContactColumnsBody(): Type<ContactApiInput> {
  class ContactColumnsBody {}
  for (const column of CONTACT_COLUMNS) {
    const decorators = [apiContactColumn(column, 'body'), IsContactColumn(column.code)];
    if (column.empty === null) decorators.push(IsOptional());
    for (const decorate of decorators) decorate(ContactColumnsBody.prototype, column.apiName);
  }
  return ContactColumnsBody as Type<ContactApiInput>;
}

/** `Base` with every contact column of an answer, documented from the table (after Base's own properties). */
export function WithContactColumns<T extends object>(Base: Type<T>): Type<T & ContactApiValues> {
  class WithContactColumns extends (Base as Type<object>) {}
  for (const column of CONTACT_COLUMNS)
    apiContactColumn(column, 'answer')(WithContactColumns.prototype, column.apiName);
  return WithContactColumns as Type<T & ContactApiValues>;
}
