import { MailerModule } from '@nestjs-modules/mailer';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/common';
import { Notification } from '@app/database';
import { QueueDashboardModule } from '@app/queues';
import { MailRenderer } from './mail/mail-renderer';
import { mailerOptions, MailSender } from './mail/mail-sender';
import { NotificationsController } from './notifications.controller';
import { NotificationsProcessor } from './notifications.processor';
import { NotificationsService } from './notifications.service';
import { NotificationOutbox } from './outbox/notification-outbox';

/** What both roles use: the outbox (the notifications table). */
@Module({
  imports: [TypeOrmModule.forFeature([Notification])],
  providers: [NotificationOutbox],
  exports: [NotificationOutbox],
})
export class NotificationsModule {}

/** The HTTP side (APP_ROLE api or all): the outbox's list and the queue dashboard. */
@Module({ imports: [NotificationsModule, QueueDashboardModule], controllers: [NotificationsController] })
export class NotificationsApiModule {}

/** The queue side (APP_ROLE worker or all): renders and sends the e-mails. */
@Module({
  imports: [NotificationsModule, MailerModule.forRootAsync({ inject: [AppConfig], useFactory: mailerOptions })],
  providers: [MailRenderer, MailSender, NotificationsService, NotificationsProcessor],
})
export class NotificationsWorkerModule {}
