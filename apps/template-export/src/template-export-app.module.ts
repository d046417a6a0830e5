import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ConfigModule, PlatformModule } from '@app/common';
import { DatabaseModule } from '@app/database';
import { QueuesModule } from '@app/queues';
import { StorageModule } from '@app/storage';
import { TargetingModule } from '@app/targeting';
import { DownloadsController } from './downloads.controller';
import { ExportCleanupService } from './export-cleanup.service';
import { TemplateBuilderService } from './template-builder.service';
import { TemplateExportRunner } from './template-export-runner.service';
import { TemplateExportProcessor } from './template-export.processor';
import { TemplateExportsController } from './template-exports.controller';
import { TemplateExportsService } from './template-exports.service';
import { ExportLostJobs } from './export-lost-jobs.service';

export const TEMPLATE_EXPORT_APP = {
  title: 'Contact mass update — template export',
  description:
    'Builds the import template of a dynamic target as a zipped CSV (or XLSX), in the background, and serves it.',
};

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    QueuesModule,
    StorageModule,
    PlatformModule,
    ScheduleModule.forRoot(),
    TargetingModule,
  ],
  controllers: [TemplateExportsController, DownloadsController],
  providers: [
    ExportLostJobs,
    TemplateExportsService,
    TemplateBuilderService,
    TemplateExportRunner,
    TemplateExportProcessor,
    ExportCleanupService,
  ],
})
export class TemplateExportAppModule {}
