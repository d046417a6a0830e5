import type { DataSourceOptions } from 'typeorm';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { RedactingQueryLogger } from './query-logger';

/** One place for the connection settings of the apps, the migration runner and the tests. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'mysql',
    url,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    // DATE columns stay 'YYYY-MM-DD' strings: a birth date has no time zone.
    dateStrings: ['DATE'],
    supportBigNumbers: true,
    bigNumberStrings: false,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Failed queries only, never a query's text or parameters (query-logger.ts).
    logging: ['error', 'warn'],
    logger: new RedactingQueryLogger(),
    // Several statements per query let a batch transaction cost one round trip (BatchWriter); values still
    // reach SQL as bound parameters only (test/unit/sql-binding.spec.ts).
    extra: { connectionLimit: 10, multipleStatements: true },
  };
}

/** Used by the TypeORM CLI: `npx typeorm migration:generate -d dist/libs/database/src/data-source.js …`. */
export default new DataSource(
  dataSourceOptions(process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/contact_mass_update'),
);
