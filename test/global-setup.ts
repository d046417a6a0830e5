import { migrateDatabase } from '../libs/database/src/migrate';
import { startS3Server } from './utils/s3-server';

/** Each e2e run gets its own database, created and migrated here and dropped in global-teardown. */
export default async function globalSetup(): Promise<void> {
  const base = new URL(process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/contact_mass_update');
  const name = `cmu_test_${Date.now()}_${process.pid}`;
  base.pathname = `/${name}`;
  process.env.DATABASE_URL = base.toString();
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';
  // Test files share this database but not their queues: one file's sweep must not take another's jobs.
  process.env.LOST_JOB_SWEEP = process.env.LOST_JOB_SWEEP ?? 'off';
  await migrateDatabase(process.env.DATABASE_URL);
  // TEST_STORAGE=s3: one s3rver for the run; isolateTestFile gives each test file its own prefix in its bucket.
  if (process.env.TEST_STORAGE === 's3') {
    const server = await startS3Server();
    (globalThis as { s3Server?: { close(): Promise<void> } }).s3Server = server;
    process.env.TEST_S3_ENDPOINT = server.endpoint;
  }
}
