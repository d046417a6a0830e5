import { Module } from '@nestjs/common';
import { ConfigModule, PlatformModule } from '@app/common';
import { DatabaseModule } from '@app/database';
import { QueueDashboardModule, QueuesModule } from '@app/queues';
import { StorageModule } from '@app/storage';
import { NotificationsModule } from './notifications.module';

export const NOTIFICATIONS_APP = {
  title: 'Contact mass update — notifications',
  description:
    'Renders and sends the e-mails of exports and imports, and keeps their outbox. The queue dashboard (Bull Board) is at /queues, with the admin key.',
};

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    QueuesModule,
    StorageModule,
    PlatformModule,
    NotificationsModule,
    QueueDashboardModule,
  ],
})
export class NotificationsAppModule {}
