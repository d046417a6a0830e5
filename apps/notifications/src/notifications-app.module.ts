import type { DynamicModule, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { AppRole, RoleParts } from '@app/common';
import { appModuleForRole, ConfigModule, importsForRole, PlatformModule } from '@app/common';
import { DatabaseModule } from '@app/database';
import { QueuesModule } from '@app/queues';
import { StorageModule } from '@app/storage';
import { NotificationsApiModule, NotificationsWorkerModule } from './notifications.module';

export const NOTIFICATIONS_APP = {
  title: 'Contact mass update — notifications',
  description:
    'Renders and sends the e-mails of exports and imports, and keeps their outbox. The queue dashboard (Bull Board) is at /queues, with the admin key.',
};

const PARTS: RoleParts = {
  shared: [ConfigModule, DatabaseModule, QueuesModule, StorageModule, PlatformModule],
  api: [NotificationsApiModule],
  worker: [NotificationsWorkerModule],
};

/** The whole app (APP_ROLE=all); `forRole` gives main.ts the app of another role. */
@Module({ imports: importsForRole('all', PARTS) })
export class NotificationsAppModule {
  static forRole(role: AppRole): Type<unknown> | DynamicModule {
    return appModuleForRole(NotificationsAppModule, role, PARTS);
  }
}
