import { Module } from '@nestjs/common';
import { ConfigModule, PlatformModule } from '@app/common';
import { DatabaseModule } from '@app/database';

export const TARGETS_APP = {
  title: 'Contact mass update — targets',
  description: 'Institutions and API keys, contacts, criteria and their values, authorizations, and dynamic targets.',
};

@Module({
  imports: [ConfigModule, DatabaseModule, PlatformModule],
})
export class TargetsAppModule {}
