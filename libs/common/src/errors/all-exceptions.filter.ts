import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from './domain-error';
import { ErrorBody } from './error-body';
import type { ErrorCode } from './error-codes';
import { isErrorCode } from './error-codes';

/** The code of an error that carries none of its own (Nest's, Express's, multer's), by status. */
const CODES_BY_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  410: 'GONE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_REQUESTS',
};

/** Maps every error to `{statusCode, code, message}`; never leaks a stack trace or SQL. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return {
        statusCode: exception.status,
        code: exception.code,
        message: exception.message,
        ...(exception.details ? { details: exception.details } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const payload = typeof raw === 'string' ? { message: raw } : (raw as Record<string, unknown>);
      const messages = Array.isArray(payload.message) ? (payload.message as string[]) : undefined;
      const message = messages ? messages.join('; ') : String(payload.message ?? exception.message);
      const code = isErrorCode(payload.code)
        ? payload.code
        : messages
          ? 'VALIDATION_FAILED'
          : (CODES_BY_STATUS[status] ?? 'ERROR');
      return { statusCode: status, code, message, ...(messages ? { details: messages } : {}) };
    }
    // body-parser and multer errors carry a status but are not HttpExceptions.
    const status = (exception as { status?: number })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : (CODES_BY_STATUS[status] ?? 'BAD_REQUEST');
      return { statusCode: status, code, message: (exception as Error).message };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'INTERNAL_ERROR',
      message: 'An unexpected error occurred; it has been logged.',
    };
  }
}
