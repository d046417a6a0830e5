import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AppConfig } from '@app/common';
import { FileStore } from '@app/storage';
import { ImportEngine } from './engine/import-engine';
import { ImportRunner } from './import-runner.service';
import { ImportLostJobs } from './import-lost-jobs.service';
import { ImportProcessor } from './import.processor';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';
import { ImportRevert } from './revert/import-revert.service';
import { ReportService } from './reports/report.service';
import { ReportsController } from './reports/reports.controller';
import { FileStoreUploads } from './upload-storage';

/** What both roles use: the imports, their engine and runner, the reports. */
@Module({
  providers: [ImportsService, ImportEngine, ImportRunner, ImportRevert, ReportService],
  exports: [ImportsService, ImportEngine, ImportRunner, ImportRevert, ReportService],
})
export class ImportsModule {}

/** The HTTP side (APP_ROLE api or all): uploads, statuses, reports; it queues jobs and runs none. */
@Module({
  imports: [
    // Uploads stream into the file store under imports/, with a generated name; the uploader's name is display-only.
    MulterModule.registerAsync({
      inject: [AppConfig, FileStore],
      useFactory: (config: AppConfig, store: FileStore) => ({
        storage: new FileStoreUploads(store),
        limits: { fileSize: config.MAX_UPLOAD_BYTES, files: 1, fields: 20, fieldSize: 64 * 1024 },
      }),
    }),
    ImportsModule,
  ],
  controllers: [ImportsController, ReportsController],
})
export class ImportsApiModule {}

/** The queue side (APP_ROLE worker or all): the processor and the lost-job sweep. */
@Module({ imports: [ImportsModule], providers: [ImportProcessor, ImportLostJobs] })
export class ImportsWorkerModule {}
