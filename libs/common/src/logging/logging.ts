import { RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { Options } from 'pino-http';
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

/** Signed download tokens are credentials: keep them out of the logs. */
export function loggableUrl(url: string | undefined): string | undefined {
  return url?.replace(/\/downloads\/[^/?#]+/, '/downloads/[token]');
}

/** pino-http options: one JSON line per request, the request id on every line logged while serving it. */
export function pinoHttpOptions(level: AppConfig['LOG_LEVEL']): Options {
  return {
    level: PINO_LEVELS[level],
    genReqId: requestId,
    // Lines logged inside a request (Nest's Logger, through nestjs-pino) carry only `reqId`, not the whole request.
    quietReqLogger: true,
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    autoLogging: { ignore: (req) => req.url === '/health' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: {
        id: unknown;
        method: string;
        url: string;
        headers: Record<string, unknown>;
        remoteAddress?: string;
      }) => ({
        id: req.id,
        method: req.method,
        url: loggableUrl(req.url),
        headers: {
          'user-agent': req.headers['user-agent'],
          'content-length': req.headers['content-length'],
          authorization: req.headers.authorization,
        },
      }),
      res: (res: { statusCode: number; headers?: Record<string, unknown> }) => ({
        statusCode: res.statusCode,
        contentLength: res.headers?.['content-length'],
      }),
    },
  };
}

/** nestjs-pino's LoggerModule parameters (PlatformModule). */
export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: pinoHttpOptions(config.LOG_LEVEL),
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
  };
}
