import { createConnection } from 'mysql2/promise';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashApiKey, newApiKey } from '@app/common';
import { dataSourceOptions } from '@app/database';
import { MIGRATIONS } from '../../libs/database/src/migrations';
import { ApiKeys1796400000000 } from '../../libs/database/src/migrations/1796400000000-ApiKeys';

/** The migration to api_keys on a database of the version before it: the key an institution holds keeps working. */
describe('migration ApiKeys: an existing institution key becomes its first key', () => {
  const url = new URL(process.env.DATABASE_URL!);
  const database = `cmu_test_keys_${randomBytes(4).toString('hex')}`;
  url.pathname = `/${database}`;
  const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(ApiKeys1796400000000));
  let dataSource: DataSource;

  beforeAll(async () => {
    const server = await createConnection({ uri: process.env.DATABASE_URL! });
    await server.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await server.end();
  });
  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    const server = await createConnection({ uri: process.env.DATABASE_URL! });
    await server.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await server.end();
  });

  it('moves the digest to api_keys, and back on revert', async () => {
    const old = new DataSource({ ...dataSourceOptions(url.toString()), migrations: before });
    await old.initialize();
    await old.runMigrations({ transaction: 'each' });
    const key = newApiKey();
    await old.query(`INSERT INTO institutions (code, name, api_key_hash) VALUES ('OLD', 'Old', ?)`, [hashApiKey(key)]);
    await old.destroy();

    dataSource = new DataSource(dataSourceOptions(url.toString()));
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const keys: { institution_id: number; name: string; key_hash: string }[] = await dataSource.query(
      'SELECT k.institution_id, k.name, k.key_hash FROM api_keys k JOIN institutions i ON i.id = k.institution_id',
    );
    expect(keys).toEqual([{ institution_id: expect.any(Number), name: 'first key', key_hash: hashApiKey(key) }]);

    while (
      (
        await dataSource.query('SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?', [
          database,
          'api_keys',
        ])
      ).length
    ) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    expect(await dataSource.query(`SELECT api_key_hash FROM institutions WHERE code = 'OLD'`)).toEqual([
      { api_key_hash: hashApiKey(key) },
    ]);
  });
});
