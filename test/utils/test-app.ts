import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Logger as PinoLogger } from 'nestjs-pino';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AppDescription } from '@app/common';
import { configureApp, DEV_ADMIN_API_KEY } from '@app/common';
import { s3TestSettings } from './s3-server';

export const ADMIN_KEY = DEV_ADMIN_API_KEY;

/**
 * Gives the test file its own queue prefix and files directory, so parallel test files never
 * consume each other's jobs. Call once at the top of a test file, before starting apps.
 * With TEST_STORAGE=s3 (`TEST_STORAGE=s3 npx jest <spec>`), the apps keep their files under a prefix of its own in
 * the s3rver that global-setup started instead (filesDir is then unused).
 */
export function isolateTestFile(overrides: Record<string, string> = {}): { filesDir: string; queuePrefix: string } {
  const queuePrefix = `cmu-test-${randomBytes(4).toString('hex')}`;
  const filesDir = mkdtempSync(join(tmpdir(), 'cmu-files-'));
  const endpoint = process.env.TEST_S3_ENDPOINT;
  const storage =
    process.env.TEST_STORAGE === 's3' && endpoint
      ? s3TestSettings(endpoint, `${queuePrefix}/`)
      : { STORAGE_URL: '', FILES_DIR: filesDir };
  Object.assign(process.env, { QUEUE_PREFIX: queuePrefix, ...storage, ...overrides });
  return { filesDir, queuePrefix };
}

export interface RunningApp {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/**
 * Boots an app module (or the module of one role, `XAppModule.forRole(role)`) in this process, on a random loopback
 * port, as main.ts would. With `pinoLogs`, every
 * line goes through pino as under `npm start` (to stdout, or where setLogDestination says).
 */
export async function startApp(
  module: Type<unknown> | DynamicModule,
  description: AppDescription,
  options: { pinoLogs?: boolean } = {},
): Promise<RunningApp> {
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  const app = moduleRef.createNestApplication(options.pinoLogs ? { bufferLogs: true } : { logger: ['error', 'warn'] });
  if (options.pinoLogs) app.useLogger(app.get(PinoLogger));
  configureApp(app, description);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, close: () => app.close() };
}
