import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE, pageOf, PageQuery } from './page-query';

const read = (query: Record<string, string | undefined>) => {
  const parsed = plainToInstance(PageQuery, query);
  return { parsed, errors: validateSync(parsed).flatMap((error) => Object.values(error.constraints ?? {})) };
};

describe('PageQuery', () => {
  it('reads absent or empty page and pageSize (as Swagger UI sends them) as the first page of the default size', () => {
    for (const query of [{}, { page: '', pageSize: '' }]) {
      const { parsed, errors } = read(query);
      expect(errors).toEqual([]);
      expect(pageOf(parsed)).toEqual({ page: 1, pageSize: DEFAULT_PAGE_SIZE, offset: 0 });
    }
  });

  it('answers the rows before the page', () => {
    const { parsed, errors } = read({ page: '3', pageSize: '20' });
    expect(errors).toEqual([]);
    expect(pageOf(parsed)).toEqual({ page: 3, pageSize: 20, offset: 40 });
  });

  it.each([
    { page: '0' },
    { page: '1.5' },
    { page: 'two' },
    { page: String(MAX_PAGE + 1) },
    { pageSize: '0' },
    { pageSize: String(MAX_PAGE_SIZE + 1) },
  ])('refuses %j with a message naming the parameter', (query) => {
    const [name] = Object.keys(query);
    const { errors } = read(query);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((message) => message.startsWith(`${name} must be a whole number`))).toBe(true);
  });
});
