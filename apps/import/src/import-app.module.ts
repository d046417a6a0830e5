import type { DynamicModule, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { AppRole, RoleParts } from '@app/common';
import { appModuleForRole, ConfigModule, importsForRole, PlatformModule } from '@app/common';
import { DatabaseModule } from '@app/database';
import { QueuesModule } from '@app/queues';
import { StorageModule } from '@app/storage';
import { ImportsApiModule, ImportsWorkerModule } from './imports.module';

export const IMPORT_APP = {
  title: 'Contact mass update — import',
  description:
    'Uploads of edited templates: validation ("test the quality of the file"), mass update, reports, cancel and revert.',
};

const PARTS: RoleParts = {
  shared: [ConfigModule, DatabaseModule, QueuesModule, StorageModule, PlatformModule],
  api: [ImportsApiModule],
  worker: [ScheduleModule.forRoot(), ImportsWorkerModule],
};

/** The whole app (APP_ROLE=all); `forRole` gives main.ts the app of another role. */
@Module({ imports: importsForRole('all', PARTS) })
export class ImportAppModule {
  static forRole(role: AppRole): Type<unknown> | DynamicModule {
    return appModuleForRole(ImportAppModule, role, PARTS);
  }
}
