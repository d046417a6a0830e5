import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/common';
import { dataSourceOptions } from './data-source';
import { ApiKeysRepository } from './repositories/api-keys.repository';
import { BatchWriter } from './repositories/batch-writer';
import { CodesRepository } from './repositories/codes.repository';
import { ContactsRepository } from './repositories/contacts.repository';
import { FieldValuesRepository } from './repositories/field-values.repository';
import { ImportsRepository } from './repositories/imports.repository';
import { InstitutionsRepository } from './repositories/institutions.repository';
import { TargetsRepository } from './repositories/targets.repository';
import { TemplateExportsRepository } from './repositories/template-exports.repository';

const REPOSITORIES = [
  ApiKeysRepository,
  BatchWriter,
  CodesRepository,
  ContactsRepository,
  FieldValuesRepository,
  ImportsRepository,
  InstitutionsRepository,
  TargetsRepository,
  TemplateExportsRepository,
];

/** The connection pool and the repositories: one of each per process, injectable everywhere. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => dataSourceOptions(config.DATABASE_URL),
    }),
  ],
  providers: REPOSITORIES,
  exports: REPOSITORIES,
})
export class DatabaseModule {}
