import type { DynamicModule, Type } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import type { AppRole } from '../roles/app-role';
import { ConfigError, loadConfig, loadEnvFile, unsetPublicUrls } from '../config/app-config';
import type { AppDescription } from './configure-app';
import { quietStartup } from '../logging/logging';
import { configureApp, listen, PortInUseError } from './configure-app';

type PortKey = 'TARGETS_PORT' | 'TEMPLATE_EXPORT_PORT' | 'IMPORT_PORT' | 'NOTIFICATIONS_PORT';

/** An app module; one whose processes may run a role (APP_ROLE) builds the module of a role with `forRole`. */
type AppModule = Type<unknown> & { forRole?(role: AppRole): Type<unknown> | DynamicModule };

/**
 * The body of every main.ts: read .env, validate the configuration, build the app (of its APP_ROLE), listen on its
 * port.
 */
export async function runApp(module: AppModule, description: AppDescription, portKey: PortKey): Promise<void> {
  let config: AppConfig;
  try {
    loadEnvFile();
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // Logs are buffered until pino (PlatformModule's LoggerModule, level LOG_LEVEL) takes over.
  let app: Awaited<ReturnType<typeof NestFactory.create>>;
  try {
    // abortOnError off: a provider refusing the configuration (the file store's check) reaches the catch below.
    app = await NestFactory.create(module.forRole ? module.forRole(config.APP_ROLE) : module, {
      bufferLogs: true,
      logger: levelsFrom(config.LOG_LEVEL),
      abortOnError: false,
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Invalid configuration:\n  - ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  app.useLogger(quietStartup(app.get(PinoLogger)));
  configureApp(app, description);
  ignoreRepeatedStopSignals();
  const unset = unsetPublicUrls();
  if (config.NODE_ENV !== 'development' && unset.length) {
    new Logger(description.title).warn(
      `${unset.join(' and ')} not set: the links in the e-mails point to localhost, which their recipients cannot ` +
        'open; set them to the addresses users reach the apps at',
    );
  }
  try {
    await listen(app, config[portKey], description.title);
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    // One line and no stack: the fix is a setting. The other apps are separate processes and keep running. No
    // app.close(): closing Bull queues whose workers are still starting throws from inside Bull, with a stack.
    console.error(`${portKey} ${error.port} is in use: set ${portKey} to a free port (in .env or the environment)`);
    process.exit(1);
  }
}

/**
 * Ctrl-C under `npm start` sends SIGINT to every app, and concurrently follows with a SIGTERM. Nest's shutdown hook
 * handles the first signal and then removes its listeners, so the second one would kill the app mid-job: keep a
 * listener that lets the stop already under way finish (it is bounded by SHUTDOWN_GRACE_MS).
 */
function ignoreRepeatedStopSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => undefined);
}

function levelsFrom(level: AppConfig['LOG_LEVEL']) {
  const all = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  return all.slice(0, all.indexOf(level) + 1) as unknown as (
    'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose'
  )[];
}
