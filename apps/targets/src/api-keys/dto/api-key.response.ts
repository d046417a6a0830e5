import { ApiProperty } from '@nestjs/swagger';

export class ApiKeyResponse {
  @ApiProperty({ type: 'integer', example: 2 })
  id: number;

  @ApiProperty({
    example: 'crm-sync',
    description: 'What the key is for; "first key" for the key of POST /institutions',
  })
  name: string;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-26T09:30:00.000Z' })
  createdAt: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-27T14:05:00.000Z',
    description: 'When a request last came with this key, to the minute (null: never used)',
  })
  lastUsedAt: string | null;
}

export class CreatedApiKeyResponse {
  @ApiProperty({ type: 'integer', example: 2 })
  id: number;

  @ApiProperty({ example: 'crm-sync' })
  name: string;

  @ApiProperty({
    example: 'cmu_Q2xhdWRlIERlYnVzc3kgLSBDbGFpciBkZSBsdW5lIC0gMTkwNQ',
    description:
      'The new API key, shown only in this answer (stored hashed). Send it as "Authorization: Bearer <key>"; the other keys keep working until revoked.',
  })
  apiKey: string;
}
