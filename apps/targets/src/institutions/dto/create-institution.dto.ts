import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CODE_PATTERN, CODE_PATTERN_MESSAGE } from '@app/targeting';

export class CreateInstitutionDto {
  @ApiProperty({ example: 'THEATRE_NORD', pattern: CODE_PATTERN.source, description: 'Unique code of the institution' })
  @Matches(CODE_PATTERN, { message: `code ${CODE_PATTERN_MESSAGE}` })
  code: string;

  @ApiProperty({ example: 'Théâtre du Nord', maxLength: 255 })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  name: string;
}
