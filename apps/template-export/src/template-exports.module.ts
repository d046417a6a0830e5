import { Module } from '@nestjs/common';
import { TargetingModule } from '@app/targeting';
import { DownloadsController } from './downloads.controller';
import { ExportCleanupService } from './export-cleanup.service';
import { ExportLostJobs } from './export-lost-jobs.service';
import { TemplateBuilderService } from './template-builder.service';
import { TemplateExportRunner } from './template-export-runner.service';
import { TemplateExportProcessor } from './template-export.processor';
import { TemplateExportsController } from './template-exports.controller';
import { TemplateExportsService } from './template-exports.service';

/** What both roles use: the exports, their builder and runner. */
@Module({
  imports: [TargetingModule],
  providers: [TemplateExportsService, TemplateBuilderService, TemplateExportRunner],
  exports: [TemplateExportsService, TemplateBuilderService, TemplateExportRunner],
})
export class TemplateExportsModule {}

/** The HTTP side (APP_ROLE api or all): asks for exports and serves their zips; it queues jobs and runs none. */
@Module({ imports: [TemplateExportsModule], controllers: [TemplateExportsController, DownloadsController] })
export class TemplateExportsApiModule {}

/** The queue side (APP_ROLE worker or all): the processor, the lost-job sweep and the retention clean-up. */
@Module({
  imports: [TemplateExportsModule],
  providers: [TemplateExportProcessor, ExportLostJobs, ExportCleanupService],
})
export class TemplateExportsWorkerModule {}
