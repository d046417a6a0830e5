import { EmptyAsAbsent } from '@app/common';
import { DATA_TYPES, type DataType } from '@app/csv-schema';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional } from 'class-validator';

/** Multipart fields are strings: 'true'/'false' become booleans, anything else is left for the validator to refuse. */
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export const IMPORT_MODES = ['validate', 'apply'] as const;

/** The text fields of `POST /imports` (the file comes as the multipart field `file`). */
export class CreateImportDto {
  @ApiProperty({
    enum: DATA_TYPES,
    example: 'criteria',
    description:
      'What the file updates: criteria or authorization values, or contacts (a row with contact_id updates that contact, a row without one creates a contact)',
  })
  @IsIn(DATA_TYPES, { message: 'dataType must be one of: criteria, authorizations, contacts' })
  dataType: DataType;

  @ApiProperty({
    enum: IMPORT_MODES,
    example: 'validate',
    description: 'validate = test the quality of the file, writes nothing; apply = mass update',
  })
  @IsIn(IMPORT_MODES, { message: 'mode must be validate or apply' })
  mode: (typeof IMPORT_MODES)[number];

  @ApiPropertyOptional({
    enum: ['skip', 'overwrite'],
    default: 'skip',
    description: 'When [old] differs from the current value: leave the field (skip) or write it (overwrite)',
  })
  @EmptyAsAbsent()
  @IsOptional()
  @IsIn(['skip', 'overwrite'], { message: 'onConflict must be skip or overwrite' })
  onConflict?: 'skip' | 'overwrite';

  @ApiPropertyOptional({
    type: 'boolean',
    default: false,
    description: 'Apply nothing when any row has an error',
  })
  @EmptyAsAbsent()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'allOrNothing must be true or false' })
  allOrNothing?: boolean;

  // An empty example: Swagger UI fills a form field with its example, or else with "string"; a real address would
  // mail every upload tried there. Empty, EmptyAsAbsent reads it as left out.
  @ApiPropertyOptional({
    example: '',
    description: 'Where to send the result (report attached); left empty, no e-mail',
  })
  @EmptyAsAbsent()
  @IsOptional()
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  email?: string;

  @ApiPropertyOptional({ enum: ['fr', 'en'], default: 'fr', description: 'Language of the e-mail' })
  @EmptyAsAbsent()
  @IsOptional()
  @IsIn(['fr', 'en'], { message: 'locale must be fr or en' })
  locale?: 'fr' | 'en';
}

/** The multipart body as Swagger UI shows it, with an upload button for `file`. */
export class CreateImportUploadDto extends CreateImportDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'The edited template: a .csv or an .xlsx workbook (first sheet), or a .zip holding exactly one of them',
  })
  file: unknown;
}
