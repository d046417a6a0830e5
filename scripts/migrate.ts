import { ConfigError, loadConfig, loadEnvFile } from '@app/common';
import { migrateDatabase } from '@app/database';

// `npm run db:migrate`: creates the database if needed and applies pending migrations.
async function main() {
  loadEnvFile();
  const config = loadConfig();
  await migrateDatabase(config.DATABASE_URL, (line) => console.log(`[migrate] ${line}`));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `[migrate] failed: ${error.message}`);
  process.exit(1);
});
