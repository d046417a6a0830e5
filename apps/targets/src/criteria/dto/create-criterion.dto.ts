import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CODE_PATTERN, CODE_PATTERN_MESSAGE } from '@app/targeting';

export class CreateCriterionValueDto {
  @ApiProperty({ example: 'JAZZ', pattern: CODE_PATTERN.source, description: 'Internal code written in files' })
  @Matches(CODE_PATTERN, { message: `code ${CODE_PATTERN_MESSAGE}` })
  code: string;

  @ApiProperty({ example: 'Jazz', maxLength: 255 })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  label: string;
}

export class CreateCriterionDto {
  @ApiProperty({
    example: 'MUSIC_TASTE',
    pattern: CODE_PATTERN.source,
    description: 'Unique code of the criterion in the institution',
  })
  @Matches(CODE_PATTERN, { message: `code ${CODE_PATTERN_MESSAGE}` })
  code: string;

  @ApiProperty({ example: 'Music taste', maxLength: 255 })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  label: string;

  @ApiProperty({ example: true, description: 'Whether a contact may hold several values of this criterion' })
  @IsBoolean()
  multiValued: boolean;

  @ApiProperty({
    type: [CreateCriterionValueDto],
    maxItems: 10000,
    example: [
      { code: 'JAZZ', label: 'Jazz' },
      { code: 'ROCK', label: 'Rock' },
    ],
  })
  @IsArray()
  @ArrayMaxSize(10000)
  @ValidateNested({ each: true })
  @Type(() => CreateCriterionValueDto)
  values: CreateCriterionValueDto[];
}
