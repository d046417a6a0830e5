import type { DynamicModule, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { AppRole, RoleParts } from '@app/common';
import { appModuleForRole, ConfigModule, importsForRole, PlatformModule } from '@app/common';
import { DatabaseModule } from '@app/database';
import { QueuesModule } from '@app/queues';
import { StorageModule } from '@app/storage';
import { TemplateExportsApiModule, TemplateExportsWorkerModule } from './template-exports.module';

export const TEMPLATE_EXPORT_APP = {
  title: 'Contact mass update — template export',
  description:
    'Builds the import template of a dynamic target as a zipped CSV (or XLSX), in the background, and serves it.',
};

const PARTS: RoleParts = {
  shared: [ConfigModule, DatabaseModule, QueuesModule, StorageModule, PlatformModule],
  api: [TemplateExportsApiModule],
  worker: [ScheduleModule.forRoot(), TemplateExportsWorkerModule],
};

/** The whole app (APP_ROLE=all); `forRole` gives main.ts the app of another role. */
@Module({ imports: importsForRole('all', PARTS) })
export class TemplateExportAppModule {
  static forRole(role: AppRole): Type<unknown> | DynamicModule {
    return appModuleForRole(TemplateExportAppModule, role, PARTS);
  }
}
