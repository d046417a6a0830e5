import { migrateDatabase } from '../libs/database/src/migrate';

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
}
