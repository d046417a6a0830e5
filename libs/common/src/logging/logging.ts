import type { LoggerService } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import type { Params } from 'nestjs-pino';
import type { Options } from 'pino-http';
import pinoPretty from 'pino-pretty';
import type { AppConfig } from '../config/app-config';

/** Nest's log levels (LOG_LEVEL) in pino's names. */
export const PINO_LEVELS: Record<AppConfig['LOG_LEVEL'], string> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Reuses a sane incoming `x-request-id` (set by a proxy or a caller), else makes one; echoes it in the response. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/** Shown in a log line instead of a credential or an e-mail address. */
export const REDACTED = '[redacted]';

/** Path segments that follow these carry a signed token (a download or report link). */
const TOKEN_PATH = /\/(downloads|reports)\/[^/?#]+/g;
/** Query parameters whose values are credentials or addresses. */
const SECRET_QUERY = /([?&](?:token|sig|signature|key|apiKey|email|to)=)[^&#]*/gi;
/** An e-mail address anywhere in a string. */
const EMAIL = /[^\s@<>"'(),;:/]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** Signed download and report tokens are credentials: `/reports/<token>` is logged as `/reports/[redacted]`. */
export function loggableUrl(url: string | undefined): string | undefined {
  return url
    ?.replace(TOKEN_PATH, `/$1/${REDACTED}`)
    .replace(SECRET_QUERY, `$1${REDACTED}`)
    .replace(EMAIL, `${REDACTED}@$1`);
}

/** Any text of a log line (a message, a stack) with its links' tokens and its e-mail addresses redacted. */
export function redactText(text: string): string {
  return loggableUrl(text)!;
}

/** Log fields that may hold a credential or an address, at the top of a line or one level down. */
const SECRET_FIELDS = ['token', 'to', 'email', 'recipient', 'password', 'apiKey', 'downloadUrl', 'reportUrl'];

/** Where pino writes (stdout unless a test captures it with setLogDestination). */
let destination: Writable | undefined;

/** Sends the logs of the apps started afterwards to `stream` (a test reading a whole run's log), or back to stdout. */
export function setLogDestination(stream: Writable | undefined): void {
  destination = stream;
}

/** pino-http options: one short line per request, the request id on every line logged while serving it. */
export function pinoHttpOptions(level: AppConfig['LOG_LEVEL']): Options {
  return {
    level: PINO_LEVELS[level],
    genReqId: requestId,
    // Lines logged inside a request (Nest's Logger, through nestjs-pino) carry only `reqId`, not the whole request.
    quietReqLogger: true,
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    autoLogging: { ignore: (req) => req.url === '/health' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-api-key"]',
        'res.headers["set-cookie"]',
        ...SECRET_FIELDS,
        ...SECRET_FIELDS.map((field) => `*.${field}`),
      ],
      censor: REDACTED,
    },
    // Messages are written by many hands (`… to ${address}`, an error quoting a link): scrubbed as a last resort.
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((arg: unknown) => (typeof arg === 'string' ? redactText(arg) : arg)) as Parameters<typeof method>,
        );
      },
    },
    // One short line a request: method, url, status, time (the id too, to find the lines logged while serving it).
    customSuccessMessage: (req, res, responseTime) =>
      `${req.method} ${loggableUrl(req.url)} ${res.statusCode} ${Math.round(responseTime)}ms`,
    customErrorMessage: (req, res) => `${req.method} ${loggableUrl(req.url)} ${res.statusCode} failed`,
    // Without pino-http's made-up "failed with status code 500" error and its stack: the exception filter logs the
    // real error, with its own stack.
    customErrorObject: (_req, _res, error, line: Record<string, unknown>) =>
      /^failed with status code \d+$/.test(error.message) ? { ...line, err: undefined } : line,
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: loggableUrl(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/** Whether logs are written for a person at a terminal (pino-pretty) rather than for a collector (JSON lines). */
export function prettyLogs(config: Pick<AppConfig, 'LOG_FORMAT' | 'NODE_ENV'>, env = process.env): boolean {
  if (config.LOG_FORMAT !== 'auto') return config.LOG_FORMAT === 'pretty';
  // Under `npm start` stdout is concurrently's pipe; concurrently sets FORCE_COLOR when its own output is a terminal.
  const terminal = !!process.stdout.isTTY || (!!env.FORCE_COLOR && env.FORCE_COLOR !== '0');
  return config.NODE_ENV === 'development' && terminal;
}

function prettyStream(): Writable {
  return pinoPretty({
    colorize: !!process.stdout.isTTY || (!!process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0'),
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,context,req,res,responseTime,reqId',
    messageFormat: '{if context}{context}: {end}{msg}',
    singleLine: true,
    // Written at once, so that the last lines before an exit are not lost.
    sync: true,
  });
}

/** nestjs-pino's LoggerModule parameters (PlatformModule). */
export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: destination
      ? [pinoHttpOptions(config.LOG_LEVEL), destination]
      : prettyLogs(config)
        ? [pinoHttpOptions(config.LOG_LEVEL), prettyStream()]
        : pinoHttpOptions(config.LOG_LEVEL),
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
  };
}

/** Nest's start-up chatter (a line per module and per route): debug, so that the ready line stands out at info. */
const STARTUP_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/** `logger` with Nest's start-up lines moved down to debug. */
export function quietStartup(logger: LoggerService): LoggerService {
  return {
    log: (message: unknown, ...rest: unknown[]) =>
      STARTUP_CONTEXTS.has(rest.at(-1) as string) ? logger.debug?.(message, ...rest) : logger.log(message, ...rest),
    error: (message: unknown, ...rest: unknown[]) => logger.error(message, ...rest),
    warn: (message: unknown, ...rest: unknown[]) => logger.warn(message, ...rest),
    debug: (message: unknown, ...rest: unknown[]) => logger.debug?.(message, ...rest),
    verbose: (message: unknown, ...rest: unknown[]) => logger.verbose?.(message, ...rest),
    fatal: (message: unknown, ...rest: unknown[]) => logger.fatal?.(message, ...rest),
  };
}
