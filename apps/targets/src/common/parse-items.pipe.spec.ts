import { IsString, MaxLength } from 'class-validator';
import { DomainError } from '@app/common';
import { ParseItemsPipe } from './parse-items.pipe';

class Item {
  @IsString()
  @MaxLength(3)
  name: string;
}

async function failure(pipe: ParseItemsPipe<Item>, body: unknown): Promise<DomainError> {
  try {
    await pipe.transform(body);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a failure');
}

describe('ParseItemsPipe', () => {
  const pipe = new ParseItemsPipe(Item, { minItems: 1, maxItems: 3 });

  it('answers class instances of valid items', async () => {
    const items = await pipe.transform([{ name: 'a' }, { name: 'abc' }]);
    expect(items).toEqual([{ name: 'a' }, { name: 'abc' }]);
    expect(items[0]).toBeInstanceOf(Item);
  });

  it.each<[string, unknown, string, string]>([
    ['a non-array', { name: 'a' }, 'VALIDATION_FAILED', 'The body must be a JSON array'],
    ['too few items', [], 'INVALID_ARRAY_SIZE', 'between 1 and 3 items (got 0)'],
    ['too many items', [{ name: 'a' }, { name: 'a' }, { name: 'a' }, { name: 'a' }], 'INVALID_ARRAY_SIZE', '(got 4)'],
    ['a non-object item', [{ name: 'a' }, 'x'], 'VALIDATION_FAILED', '[1] must be an object'],
    [
      'an invalid item',
      [{ name: 'a' }, { name: 'abcd' }],
      'VALIDATION_FAILED',
      '[1].name must be shorter than or equal to 3 characters',
    ],
    ['an unknown property', [{ name: 'a', extra: 1 }], 'VALIDATION_FAILED', '[0].property extra should not exist'],
    [
      'a __proto__ property',
      JSON.parse('[{"name": "a", "__proto__": {"name": "x"}}]'),
      'VALIDATION_FAILED',
      '[0].property __proto__ should not exist',
    ],
  ])('refuses %s, naming the index', async (_, body, code, message) => {
    const error = await failure(pipe, body);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });
});
