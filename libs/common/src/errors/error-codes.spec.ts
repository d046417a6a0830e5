import { BadRequestException, ConflictException, HttpException, NotFoundException } from '@nestjs/common';
import { UPLOAD_ISSUE_CODES } from '../issues/issue-codes';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { DomainError, NotFoundError } from './domain-error';
import { API_ERROR_CODES, ERROR_CODE_LIST, ERROR_CODES, isErrorCode } from './error-codes';

describe('error codes catalog', () => {
  it('keeps every code and its HTTP status (clients and the e2e tests rely on both)', () => {
    const byStatus: Record<string, string[]> = {};
    for (const [code, { status }] of Object.entries(API_ERROR_CODES)) (byStatus[String(status)] ??= []).push(code);
    for (const codes of Object.values(byStatus)) codes.sort();
    expect(byStatus).toEqual({
      '400': [
        'BAD_REQUEST',
        'DUPLICATE_VALUE',
        'FILE_REQUIRED',
        'INVALID_ARRAY_SIZE',
        'INVALID_AUTHORIZATION_VALUE',
        'INVALID_BULK_SIZE',
        'INVALID_CRITERION_VALUES',
        'INVALID_IDEMPOTENCY_KEY',
        'INVALID_RULE',
        'TOO_MANY_VALUES',
        'UNKNOWN_AUTHORIZATION',
        'UNKNOWN_CODE',
        'UNKNOWN_CRITERION',
        'UNKNOWN_FIELD',
        'UNKNOWN_VALUE_CODE',
        'VALIDATION_FAILED',
      ],
      '401': ['UNAUTHORIZED'],
      '403': ['FORBIDDEN', 'INVALID_LINK'],
      '404': ['NOT_FOUND', 'TARGET_NOT_FOUND'],
      '409': [
        'AUTHORIZATION_EXISTS',
        'CONFLICT',
        'CRITERION_EXISTS',
        'EXPORT_NOT_READY',
        'IMPORT_FINISHED',
        'IMPORT_NOT_COMPLETED',
        'IMPORT_NOT_VALIDATED',
        'INSTITUTION_EXISTS',
        'LAST_API_KEY',
        'REVERT_NOT_CANCELLABLE',
        'VALUE_EXISTS',
      ],
      '410': ['FILE_EXPIRED', 'GONE', 'LINK_EXPIRED'],
      '413': ['PAYLOAD_TOO_LARGE'],
      '415': ['UNSUPPORTED_MEDIA_TYPE'],
      '422': ['IDEMPOTENCY_KEY_REUSED', 'UNPROCESSABLE_ENTITY'],
      '429': ['TOO_MANY_REQUESTS'],
      '500': ['INTERNAL_ERROR'],
      '503': ['SERVICE_UNAVAILABLE'],
      null: ['ERROR'],
    });
  });

  it('includes the upload issue codes, as 400s', () => {
    for (const code of UPLOAD_ISSUE_CODES) expect([code, ERROR_CODES[code].status]).toEqual([code, 400]);
    expect(ERROR_CODE_LIST).toEqual([...Object.keys(API_ERROR_CODES), ...UPLOAD_ISSUE_CODES].sort());
    expect(isErrorCode('INVALID_ZIP')).toBe(true);
    expect(isErrorCode('EMPTY_FILE')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });

  it('gives a DomainError the status of its code, and refuses an unknown code at compile time', () => {
    expect(new DomainError('IMPORT_FINISHED', 'done').status).toBe(409);
    expect(new DomainError('ZIP_RATIO', 'ratio').status).toBe(400);
    expect(new NotFoundError('Target', 7)).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    // @ts-expect-error not a code of the catalog
    expect(() => new DomainError('NO_SUCH_CODE', 'x')).toThrow();
    // @ts-expect-error ERROR has no status of its own: no DomainError carries it
    expect(new DomainError('ERROR', 'x').status).toBe(500);
  });

  it('answers the catalog status for each code of the filter', () => {
    const filter = new AllExceptionsFilter();
    const bodies = [
      filter.toBody(new DomainError('LINK_EXPIRED', 'expired')),
      filter.toBody(new NotFoundException()),
      filter.toBody(new ConflictException('taken')),
      filter.toBody(new BadRequestException(['name must be a string'])),
      filter.toBody(new BadRequestException('bad')),
      filter.toBody(new HttpException('teapot', 418)),
      filter.toBody(Object.assign(new Error('too large'), { status: 413 })),
      filter.toBody(new Error('boom')),
    ];
    expect(bodies.map(({ statusCode, code }) => [code, statusCode])).toEqual([
      ['LINK_EXPIRED', 410],
      ['NOT_FOUND', 404],
      ['CONFLICT', 409],
      ['VALIDATION_FAILED', 400],
      ['BAD_REQUEST', 400],
      ['ERROR', 418],
      ['PAYLOAD_TOO_LARGE', 413],
      ['INTERNAL_ERROR', 500],
    ]);
    for (const { statusCode, code } of bodies) {
      const status = ERROR_CODES[code].status;
      if (status !== null) expect([code, statusCode]).toEqual([code, status]);
    }
  });
});
