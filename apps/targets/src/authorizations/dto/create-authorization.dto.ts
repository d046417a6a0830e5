import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CODE_PATTERN, CODE_PATTERN_MESSAGE } from '@app/targeting';

export class CreateAuthorizationDto {
  @ApiProperty({
    example: 'NEWSLETTER',
    pattern: CODE_PATTERN.source,
    description: 'Unique code of the authorization in the institution',
  })
  @Matches(CODE_PATTERN, { message: `code ${CODE_PATTERN_MESSAGE}` })
  code: string;

  @ApiProperty({ example: 'Receives the newsletter', maxLength: 255 })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  label: string;
}
