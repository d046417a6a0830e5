import { plainToInstance, Type } from 'class-transformer';
import {
  IsOptional,
  ArrayMaxSize,
  Equals,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
  ValidationError,
  validateSync,
} from 'class-validator';
import type { IssueCode } from '@app/common';
import { DATA_TYPES, type DataType } from '@app/csv-schema';
import {
  ImportCompletedMessage,
  ImportCounts,
  ImportFailedMessage,
  Locale,
  NOTIFICATION_TYPES,
  NotificationMessage,
  NotificationType,
  ReportLine,
  TemplateExportCompletedMessage,
  TemplateExportFailedMessage,
} from '@app/queues';

/*
 * The worker validates every message again (the producer's types do not reach Redis): a
 * message that fails here will never succeed, so it is not retried. The classes implement the
 * message interfaces of libs/queues, so a new required field there fails the type check here.
 */

const LOCALES: Locale[] = ['fr', 'en'];
const MODES = ['validate', 'apply'] as const;
/** A key of the file store (the relative path of before the store): relative, no `..` segment, no backslash. */
const RELATIVE_PATH = /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[^\\\0]+$/;
const url = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

class NotificationBaseDto {
  @IsInt() @Min(1) institutionId: number;
  @IsEmail({}, { message: 'to must be a valid e-mail address' }) to: string;
  @IsIn(LOCALES) locale: Locale;
  @IsString() @Length(1, 128) dedupeKey: string;
}

class ImportCountsDto implements ImportCounts {
  @IsInt() @Min(0) rows: number;
  @IsInt() @Min(0) validRows: number;
  @IsInt() @Min(0) errorRows: number;
  @IsInt() @Min(0) changes: number;
  @IsInt() @Min(0) unchanged: number;
  @IsInt() @Min(0) conflicts: number;
  @IsInt() @Min(0) applied: number;
}

class ReportLineDto implements ReportLine {
  @IsInt() @Min(0) line: number;
  @IsString() contactId: string;
  @IsString() column: string;
  @ValidateIf((_, value) => value !== null) @IsString() value: string | null;
  // Any string: a code renamed while messages wait in the queue still gets its e-mail.
  @IsString() code: IssueCode;
  @IsIn(['error', 'warning', 'conflict']) severity: ReportLine['severity'];
  @IsString() message: string;
}

class FileErrorDto {
  @IsString() code: IssueCode;
  @IsString() message: string;
}

class TemplateExportCompletedDto extends NotificationBaseDto implements TemplateExportCompletedMessage {
  @Equals('template-export.completed') type: 'template-export.completed';
  @IsInt() @Min(1) exportId: number;
  @IsInt() @Min(1) targetId: number;
  @IsString() @Length(1, 255) targetName: string;
  @IsIn(DATA_TYPES) dataType: DataType;
  @IsInt() @Min(0) rowCount: number;
  @IsString() @Length(1, 255) fileName: string;
  @Matches(RELATIVE_PATH, { message: 'filePath must be a key of the file store (a relative path)' }) filePath: string;
  @IsInt() @Min(0) fileSize: number;
  @IsOptional() @IsIn(['csv', 'xlsx']) format?: 'csv' | 'xlsx';
  @IsUrl(url) downloadUrl: string;
  @IsISO8601() expiresAt: string;
}

class TemplateExportFailedDto extends NotificationBaseDto implements TemplateExportFailedMessage {
  @Equals('template-export.failed') type: 'template-export.failed';
  @IsInt() @Min(1) exportId: number;
  @IsInt() @Min(1) targetId: number;
  @IsString() @Length(1, 255) targetName: string;
  @IsIn(DATA_TYPES) dataType: DataType;
  @IsString() error: string;
}

class ImportCompletedDto extends NotificationBaseDto implements ImportCompletedMessage {
  @Equals('import.completed') type: 'import.completed';
  @IsInt() @Min(1) importId: number;
  @IsIn(MODES) mode: 'validate' | 'apply';
  @IsString() status: string;
  @IsIn(DATA_TYPES) dataType: DataType;
  /** The uploaded file's name, as the user's browser sent it (may be empty). */
  @IsString() @MaxLength(255) fileName: string;
  @ValidateNested() @Type(() => ImportCountsDto) counts: ImportCountsDto;
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ReportLineDto)
  firstIssues: ReportLineDto[];
  @IsInt() @Min(0) issueCount: number;
  @ValidateIf((_, value) => value !== null)
  @Matches(RELATIVE_PATH, { message: 'reportPath must be null or a key of the file store (a relative path)' })
  reportPath: string | null;
  @IsInt() @Min(0) reportSize: number;
  @IsUrl(url) reportUrl: string;
}

class ImportFailedDto extends NotificationBaseDto implements ImportFailedMessage {
  @Equals('import.failed') type: 'import.failed';
  @IsInt() @Min(1) importId: number;
  @IsIn(MODES) mode: 'validate' | 'apply';
  @IsIn(DATA_TYPES) dataType: DataType;
  /** The uploaded file's name, as the user's browser sent it (may be empty). */
  @IsString() @MaxLength(255) fileName: string;
  @IsString() error: string;
  @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => FileErrorDto) fileErrors: FileErrorDto[];
}

const CLASSES: Record<NotificationType, new () => object> = {
  'template-export.completed': TemplateExportCompletedDto,
  'template-export.failed': TemplateExportFailedDto,
  'import.completed': ImportCompletedDto,
  'import.failed': ImportFailedDto,
};

export type MessageValidation = { ok: true; message: NotificationMessage } | { ok: false; problems: string[] };

/** Checks a queue payload against the message contract; lists every problem with its path. */
export function validateNotificationMessage(data: unknown): MessageValidation {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return { ok: false, problems: ['the message must be an object'] };
  const type = (data as { type?: unknown }).type;
  if (typeof type !== 'string' || !(NOTIFICATION_TYPES as string[]).includes(type)) {
    return {
      ok: false,
      problems: [`type must be one of ${NOTIFICATION_TYPES.join(', ')} (got ${JSON.stringify(type)})`],
    };
  }
  const instance = plainToInstance(CLASSES[type as NotificationType], data);
  const problems = flatten(validateSync(instance, { forbidUnknownValues: true }));
  return problems.length ? { ok: false, problems } : { ok: true, message: data as NotificationMessage };
}

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = `${prefix}${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? `${prefix}${message}` : `${path}: ${message}`,
    );
    return [...own, ...flatten(error.children ?? [], `${path}.`)];
  });
}
