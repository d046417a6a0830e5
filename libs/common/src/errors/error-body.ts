import { ApiProperty } from '@nestjs/swagger';

/** The JSON body of every error answer: `{statusCode, code, message}`, never a stack trace. */
export class ErrorBody {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable error code' })
  code: string;

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
