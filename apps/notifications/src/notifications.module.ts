import { MailerModule } from '@nestjs-modules/mailer';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/common';
import { Notification } from '@app/database';
import { MailRenderer } from './mail/mail-renderer';
import { mailerOptions, MailSender } from './mail/mail-sender';
import { NotificationsController } from './notifications.controller';
import { NotificationsProcessor } from './notifications.processor';
import { NotificationsService } from './notifications.service';
import { NotificationOutbox } from './outbox/notification-outbox';

@Module({
  imports: [
    TypeOrmModule.forFeature([Notification]),
    MailerModule.forRootAsync({ inject: [AppConfig], useFactory: mailerOptions }),
  ],
  controllers: [NotificationsController],
  providers: [MailRenderer, MailSender, NotificationOutbox, NotificationsService, NotificationsProcessor],
})
export class NotificationsModule {}
