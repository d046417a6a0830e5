import { createConnection } from 'mysql2/promise';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { s3Server?: { close(): Promise<void> } }).s3Server?.close();
  const url = new URL(process.env.DATABASE_URL!);
  const database = url.pathname.slice(1);
  if (!database.startsWith('cmu_test_')) return;
  url.pathname = '/';
  const connection = await createConnection({ uri: url.toString() });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await connection.end();
  }
}
