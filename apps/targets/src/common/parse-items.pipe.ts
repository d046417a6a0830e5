import { HttpStatus, Injectable, PipeTransform, Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { DomainError } from '@app/common';

const MAX_REPORTED = 20;

/**
 * Validates an array body item by item, like the global ValidationPipe does for one object,
 * but every message names the item's index ("[3].email must …") so a caller can find the row.
 */
@Injectable()
export class ParseItemsPipe<T extends object> implements PipeTransform<unknown, Promise<T[]>> {
  constructor(private readonly itemType: Type<T>) {}

  async transform(value: unknown): Promise<T[]> {
    if (!Array.isArray(value)) throw new DomainError('VALIDATION_FAILED', 'The body must be a JSON array');
    const items: T[] = [];
    const messages: string[] = [];
    for (let index = 0; index < value.length && messages.length < MAX_REPORTED; index++) {
      const raw = value[index];
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        messages.push(`[${index}] must be an object`);
        continue;
      }
      const item = plainToInstance(this.itemType, raw);
      const errors = await validate(item, { whitelist: true, forbidNonWhitelisted: true });
      messages.push(...flatten(errors, `[${index}].`));
      items.push(item);
    }
    if (messages.length) {
      throw new DomainError('VALIDATION_FAILED', messages.slice(0, MAX_REPORTED).join('; '), HttpStatus.BAD_REQUEST, messages.slice(0, MAX_REPORTED));
    }
    return items;
  }
}

function flatten(errors: ValidationError[], prefix: string): string[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}).map((message) => `${prefix}${message}`),
    ...flatten(error.children ?? [], `${prefix}${error.property}.`),
  ]);
}
