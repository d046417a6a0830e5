import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ConfigModule, PlatformModule } from '@app/common';
import { DatabaseModule } from '@app/database';
import { QueuesModule } from '@app/queues';
import { StorageModule } from '@app/storage';
import { ImportsModule } from './imports.module';

export const IMPORT_APP = {
  title: 'Contact mass update — import',
  description:
    'Uploads of edited templates: validation ("test the quality of the file"), mass update, reports, cancel and revert.',
};

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    QueuesModule,
    StorageModule,
    PlatformModule,
    ScheduleModule.forRoot(),
    ImportsModule,
  ],
})
export class ImportAppModule {}
