import { ApiProperty } from '@nestjs/swagger';

export class AuthorizationResponse {
  @ApiProperty({ type: 'integer', example: 2 })
  id: number;

  @ApiProperty({ example: 'NEWSLETTER' })
  code: string;

  @ApiProperty({ example: 'Receives the newsletter' })
  label: string;
}
