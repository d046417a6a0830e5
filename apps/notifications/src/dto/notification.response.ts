import { ApiProperty } from '@nestjs/swagger';
import { Notification, NotificationStatus } from '@app/database';
import { NOTIFICATION_TYPES, NotificationType } from '@app/queues';
import { NOTIFICATION_STATUSES } from './list-notifications.query';

export class NotificationResponse {
  @ApiProperty({ example: 42 })
  id: number;

  @ApiProperty({ enum: NOTIFICATION_TYPES, enumName: 'NotificationType', example: 'template-export.completed' })
  type: NotificationType;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 7,
    description: 'The template export the e-mail is about (GET /template-exports/{id}); null for an import e-mail',
  })
  exportId: number | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: null,
    description: 'The import the e-mail is about (GET /imports/{id}); null for a template export e-mail',
  })
  importId: number | null;

  @ApiProperty({ description: 'Recipient address', example: 'anne.martin@example.com' })
  to: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Null until the e-mail is first rendered',
    example: 'Votre modèle d’import « Jazz lovers » est prêt (2 000 contacts)',
  })
  subject: string | null;

  @ApiProperty({
    enum: NOTIFICATION_STATUSES,
    enumName: 'NotificationStatus',
    description:
      'pending: not delivered yet (retries may follow); sent: accepted by the mail server; failed: given up, after the last attempt or at once when the mail server refused it for good (a 5xx reply)',
  })
  status: NotificationStatus;

  @ApiProperty({ description: 'Delivery attempts made so far', example: 1 })
  attempts: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-26T09:30:00.000Z' })
  sentAt: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The last delivery error, while not sent: for a failed mail, why it was given up (with the mail server’s reply when it refused it)',
    example: 'connect ECONNREFUSED 127.0.0.1:25',
  })
  error: string | null;

  static from(row: Notification): NotificationResponse {
    return Object.assign(new NotificationResponse(), {
      id: row.id,
      type: row.type as NotificationType,
      exportId: row.exportId,
      importId: row.importId,
      to: row.recipient,
      subject: row.subject,
      status: row.status,
      attempts: row.attempts,
      sentAt: row.sentAt ? row.sentAt.toISOString() : null,
      error: row.lastError,
    });
  }
}
