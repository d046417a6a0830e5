import { Module } from '@nestjs/common';
import { ConfigModule, PlatformModule } from '@app/common';
import { DatabaseModule } from '@app/database';
import { QueuesModule } from '@app/queues';

export const TEMPLATE_EXPORT_APP = {
  title: 'Contact mass update — template export',
  description: 'Builds the import template of a dynamic target as a zipped CSV (or XLSX), in the background, and serves it.',
};

@Module({
  imports: [ConfigModule, DatabaseModule, QueuesModule, PlatformModule],
})
export class TemplateExportAppModule {}
