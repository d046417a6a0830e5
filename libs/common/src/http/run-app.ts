import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { ConfigError, loadConfig } from '../config/app-config';
import type { AppDescription } from './configure-app';
import { configureApp, listen } from './configure-app';

type PortKey = 'TARGETS_PORT' | 'TEMPLATE_EXPORT_PORT' | 'IMPORT_PORT' | 'NOTIFICATIONS_PORT';

/** The body of every main.ts: validate the configuration, build the app, listen on its port. */
export async function runApp(module: Type<unknown>, description: AppDescription, portKey: PortKey): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // Logs are buffered until pino (PlatformModule's LoggerModule, level LOG_LEVEL) takes over: every line is JSON.
  const app = await NestFactory.create(module, { bufferLogs: true, logger: levelsFrom(config.LOG_LEVEL) });
  app.useLogger(app.get(PinoLogger));
  configureApp(app, description);
  await listen(app, config[portKey], description.title);
}

function levelsFrom(level: AppConfig['LOG_LEVEL']) {
  const all = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  return all.slice(0, all.indexOf(level) + 1) as unknown as (
    'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose'
  )[];
}
