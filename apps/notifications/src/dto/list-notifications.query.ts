import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { NotificationStatus } from '@app/database';
import { EmptyAsAbsent } from '@app/common';
import { NOTIFICATION_TYPES, NotificationType } from '@app/queues';

export const NOTIFICATION_STATUSES: NotificationStatus[] = ['pending', 'sent', 'failed'];

/** A whole number, or absent when the field is empty (as Swagger UI and HTML forms send an unfilled one). */
const idOrAbsent = ({ value }: { value: unknown }) => {
  const text = typeof value === 'string' ? value.trim() : value;
  if (text === '') return undefined;
  return typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : text;
};

export class ListNotificationsQuery {
  @ApiPropertyOptional({ description: 'Only the e-mails sent to this address' })
  @EmptyAsAbsent()
  @IsOptional()
  @IsString()
  @MaxLength(254)
  to?: string;

  @ApiPropertyOptional({
    enum: NOTIFICATION_TYPES,
    enumName: 'NotificationType',
    description: 'Only this kind of e-mail',
  })
  @EmptyAsAbsent()
  @IsOptional()
  @IsIn(NOTIFICATION_TYPES, { message: `type must be one of ${NOTIFICATION_TYPES.join(', ')}` })
  type?: NotificationType;

  @ApiPropertyOptional({
    enum: NOTIFICATION_STATUSES,
    enumName: 'NotificationStatus',
    description: 'Only the e-mails in this delivery state',
  })
  @EmptyAsAbsent()
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES, { message: `status must be one of ${NOTIFICATION_STATUSES.join(', ')}` })
  status?: NotificationStatus;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'Only the e-mails about this template export (its id, as POST /template-exports answered it)',
  })
  @Transform(idOrAbsent)
  @IsOptional()
  @IsInt({ message: 'exportId must be a whole number from 1' })
  @Min(1, { message: 'exportId must be a whole number from 1' })
  exportId?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'Only the e-mails about this import (its id, as POST /imports answered it)',
  })
  @Transform(idOrAbsent)
  @IsOptional()
  @IsInt({ message: 'importId must be a whole number from 1' })
  @Min(1, { message: 'importId must be a whole number from 1' })
  importId?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 1000,
    default: 100,
    description: 'How many e-mails at most, the newest first',
  })
  @EmptyAsAbsent()
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number between 1 and 1000' })
  @Min(1, { message: 'limit must be a whole number between 1 and 1000' })
  @Max(1000, { message: 'limit must be a whole number between 1 and 1000' })
  limit?: number;
}
