import { ApiProperty } from '@nestjs/swagger';

export class InstitutionResponse {
  @ApiProperty({ type: 'integer', example: 1 })
  id: number;

  @ApiProperty({ example: 'THEATRE_NORD' })
  code: string;

  @ApiProperty({ example: 'Théâtre du Nord' })
  name: string;

  @ApiProperty({
    example: 'cmu_Q2xhdWRlIERlYnVzc3kgLSBDbGFpciBkZSBsdW5lIC0gMTkwNQ',
    description:
      'The institution API key, shown only in this answer (stored hashed). Send it as "Authorization: Bearer <key>".',
  })
  apiKey: string;
}
