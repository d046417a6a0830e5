import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, validateSync } from 'class-validator';
import { EmptyAsAbsent } from './empty-as-absent';

class Form {
  @EmptyAsAbsent()
  @IsOptional()
  @IsEmail()
  email?: string;

  @EmptyAsAbsent()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  limit?: number;
}

describe('EmptyAsAbsent', () => {
  it('reads an empty field as left out, so the optional field passes', () => {
    const form = plainToInstance(Form, { email: '', limit: '' });
    expect(form.email).toBeUndefined();
    expect(form.limit).toBeUndefined();
    expect(validateSync(form)).toEqual([]);
  });

  it('leaves a filled field to its own transforms and checks', () => {
    const form = plainToInstance(Form, { email: 'not an address', limit: '5' });
    expect(form.limit).toBe(5);
    expect(validateSync(form).map((error) => error.property)).toEqual(['email']);
  });
});
