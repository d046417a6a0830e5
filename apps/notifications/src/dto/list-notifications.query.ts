import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { NotificationStatus } from '@app/database';
import { NOTIFICATION_TYPES, NotificationType } from '@app/queues';

export const NOTIFICATION_STATUSES: NotificationStatus[] = ['pending', 'sent', 'failed'];

export class ListNotificationsQuery {
  @ApiPropertyOptional({ description: 'Only the e-mails sent to this address', example: 'anne.martin@example.com' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  to?: string;

  @ApiPropertyOptional({
    enum: NOTIFICATION_TYPES,
    enumName: 'NotificationType',
    example: 'import.completed',
    description: 'Only this kind of e-mail',
  })
  @IsOptional()
  @IsIn(NOTIFICATION_TYPES, { message: `type must be one of ${NOTIFICATION_TYPES.join(', ')}` })
  type?: NotificationType;

  @ApiPropertyOptional({
    enum: NOTIFICATION_STATUSES,
    enumName: 'NotificationStatus',
    example: 'failed',
    description: 'Only the e-mails in this delivery state',
  })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES, { message: `status must be one of ${NOTIFICATION_STATUSES.join(', ')}` })
  status?: NotificationStatus;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 1000,
    default: 100,
    example: 100,
    description: 'How many e-mails at most, the newest first',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number between 1 and 1000' })
  @Min(1, { message: 'limit must be a whole number between 1 and 1000' })
  @Max(1000, { message: 'limit must be a whole number between 1 and 1000' })
  limit?: number;
}
