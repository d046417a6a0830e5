import { Module } from '@nestjs/common';
import { ConfigModule, PlatformModule } from '@app/common';
import { DatabaseModule } from '@app/database';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthorizationsModule } from './authorizations/authorizations.module';
import { ContactsModule } from './contacts/contacts.module';
import { CriteriaModule } from './criteria/criteria.module';
import { InstitutionsModule } from './institutions/institutions.module';
import { TargetsModule } from './targets/targets.module';

export const TARGETS_APP = {
  title: 'Contact mass update — targets',
  description: 'Institutions and API keys, contacts, criteria and their values, authorizations, and dynamic targets.',
  portal: true,
};

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    PlatformModule,
    InstitutionsModule,
    ApiKeysModule,
    CriteriaModule,
    AuthorizationsModule,
    ContactsModule,
    TargetsModule,
  ],
})
export class TargetsAppModule {}
