import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export class CreateApiKeyDto {
  @ApiProperty({
    example: 'crm-sync',
    minLength: 1,
    maxLength: 100,
    description: 'What the key is for (who or which service holds it), to tell the keys apart in GET /api-keys',
  })
  @IsString()
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(100)
  name: string;
}
