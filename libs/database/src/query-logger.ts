import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { QueryFailedError } from 'typeorm';

/** What the mysql2 driver puts on a failed query's error. */
interface DriverError {
  code?: string;
  errno?: number;
  sqlState?: string;
  message?: string;
}

/**
 * A failed query's message without the values it quotes: MySQL's `Duplicate entry 'jane@example.org' for key …`
 * and its syntax errors (`… near 'secret' at line 1`) would otherwise put data in the logs.
 */
export function describeQueryError(error: unknown): string {
  const driver = (typeof error === 'object' && error !== null ? error : {}) as DriverError;
  const message = (driver.message ?? String(error))
    .replace(/'(?:[^'\\]|\\.)*'/g, "'…'")
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"');
  const code = [driver.code, driver.errno, driver.sqlState].filter((part) => part !== undefined).join(' ');
  return code ? `${code}: ${message}` : message;
}

/**
 * TypeORM's logger for the apps: never the query text nor its parameters (bound values are contacts' data),
 * failed queries as their error code and a message whose quoted values are elided.
 */
export class RedactingQueryLogger implements TypeOrmLogger {
  private readonly logger = new Logger('TypeORM');

  logQuery(): void {}

  /**
   * At debug: the caller decides whether a failed query is an error. Many are expected and handled (a duplicate key
   * racing another request, an idempotency key seen twice); an unhandled one reaches the exception filter or the job
   * runner, which log it at error with its stack.
   */
  logQueryError(error: string | Error): void {
    this.logger.debug(`query failed: ${describeQueryError(error)}`);
  }

  logQuerySlow(time: number): void {
    this.logger.warn(`a query took ${time} ms`);
  }

  logSchemaBuild(): void {}

  logMigration(): void {}

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(describeQueryError(message));
  }
}

/** An error for a log line: its stack, where a failed query's message has its quoted values elided. */
export function loggableError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const text = error.stack ?? `${error.name}: ${error.message}`;
  if (!(error instanceof QueryFailedError)) return text;
  const elided = describeQueryError(error.driverError ?? error);
  return text.includes(error.message) ? text.replace(error.message, elided) : `${error.name}: ${elided}`;
}
