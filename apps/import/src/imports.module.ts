import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { diskStorage } from 'multer';
import { AppConfig } from '@app/common';
import { ImportEngine } from './engine/import-engine';
import { ImportRunner } from './import-runner.service';
import { ImportLostJobs } from './import-lost-jobs.service';
import { ImportProcessor } from './import.processor';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';
import { ImportRevert } from './revert/import-revert.service';
import { ReportService } from './reports/report.service';
import { ReportsController } from './reports/reports.controller';

@Module({
  imports: [
    // Uploads are streamed to FILES_DIR/imports under a generated name; the uploader's name is display-only.
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const destination = join(config.FILES_DIR, 'imports');
        mkdirSync(destination, { recursive: true });
        return {
          storage: diskStorage({
            destination,
            filename: (_req, _file, callback) =>
              callback(null, `${Date.now()}-${randomBytes(8).toString('hex')}.upload`),
          }),
          limits: { fileSize: config.MAX_UPLOAD_BYTES, files: 1, fields: 20, fieldSize: 64 * 1024 },
        };
      },
    }),
  ],
  controllers: [ImportsController, ReportsController],
  providers: [ImportLostJobs, ImportsService, ImportEngine, ImportRunner, ImportRevert, ImportProcessor, ReportService],
})
export class ImportsModule {}
