import { ApiProperty } from '@nestjs/swagger';
import type { ErrorCode } from './error-codes';
import { ERROR_CODE_LIST } from './error-codes';

/** The JSON body of every error answer: `{statusCode, code, message}`, never a stack trace. */
export class ErrorBody {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({
    enum: ERROR_CODE_LIST,
    enumName: 'ErrorCode',
    example: 'VALIDATION_FAILED',
    description:
      'Stable machine-readable error code; docs/error-codes.md says what each means, with its HTTP status. An upload POST /imports cannot open answers an IssueCode of the upload (INVALID_ZIP, ZIP_TOO_LARGE…)',
  })
  code: ErrorCode;

  @ApiProperty({ example: 'name must be a string' })
  message: string;

  @ApiProperty({
    required: false,
    description: 'Structured details, such as the list of invalid fields',
    oneOf: [
      { type: 'array', items: { type: 'string' } },
      { type: 'object', additionalProperties: true },
    ],
    example: ['name must be a string'],
  })
  details?: unknown;
}
