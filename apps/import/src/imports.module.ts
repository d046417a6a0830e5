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
  ],
  controllers: [ImportsController, ReportsController],
  providers: [ImportLostJobs, ImportsService, ImportEngine, ImportRunner, ImportRevert, ImportProcessor, ReportService],
})
export class ImportsModule {}
