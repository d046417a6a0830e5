import { DATA_TYPES, type DataType } from '@app/csv-schema';
import { ApiProperty } from '@nestjs/swagger';
import { CONTACT_COLUMN_CODES, EmptyAsAbsent } from '@app/common';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
} from 'class-validator';

export const TEMPLATE_LOCALES = ['fr', 'en'] as const;
export const TEMPLATE_DELIMITERS = [',', ';'] as const;
export const TEMPLATE_FORMATS = ['csv', 'xlsx'] as const;

export class CreateTemplateExportDto {
  @ApiProperty({ enum: DATA_TYPES, example: 'criteria', description: 'Which values the template carries' })
  @IsIn(DATA_TYPES)
  dataType: DataType;

  @ApiProperty({ example: 1, description: 'A dynamic target of your institution; evaluated when the job runs' })
  @IsInt()
  @Min(1)
  targetId: number;

  @ApiProperty({
    required: false,
    type: [String],
    example: ['MUSIC_TASTE'],
    description: `Field codes to export (criteria or authorization codes; for contacts, contact columns: ${CONTACT_COLUMN_CODES.join(', ')}). Default: all, in code order (contacts: in that order).`,
  })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty({ message: 'fields must name at least one code; leave it out to export every field' })
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  fields?: string[];

  @ApiProperty({
    required: false,
    description: 'Who gets an e-mail when the file is ready (or the export failed)',
  })
  @EmptyAsAbsent()
  @IsOptional()
  @IsEmail({}, { message: 'email must be a valid e-mail address, such as name@example.org' })
  @MaxLength(254)
  email?: string;

  @ApiProperty({ required: false, enum: TEMPLATE_LOCALES, default: 'fr', description: 'Language of the e-mail' })
  @EmptyAsAbsent()
  @IsOptional()
  @IsIn(TEMPLATE_LOCALES as unknown as string[])
  locale?: (typeof TEMPLATE_LOCALES)[number];

  @ApiProperty({
    required: false,
    enum: TEMPLATE_DELIMITERS,
    default: ',',
    description: '";" suits spreadsheets in French and German locales',
  })
  @EmptyAsAbsent()
  @IsOptional()
  @IsIn(TEMPLATE_DELIMITERS as unknown as string[])
  delimiter?: (typeof TEMPLATE_DELIMITERS)[number];

  @ApiProperty({
    required: false,
    enum: TEMPLATE_FORMATS,
    default: 'csv',
    description:
      'csv, or xlsx: a workbook whose code and id cells are text (no spreadsheet turns 007 into 7), with TRUE/FALSE lists on authorization columns; delimiter applies to csv only',
  })
  @EmptyAsAbsent()
  @IsOptional()
  @IsIn(TEMPLATE_FORMATS as unknown as string[])
  format?: (typeof TEMPLATE_FORMATS)[number];
}
