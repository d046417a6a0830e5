import type { INestApplication } from '@nestjs/common';
import { Logger, ValidationPipe } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { DocumentBuilder, getSchemaPath, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { PUBLIC_EXTENSION } from '../auth/auth.decorators';
import type { AppConfig } from '../config/app-config';
import { loadConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { ErrorBody } from '../errors/error-body';
import { errorExample } from './api-errors.decorator';
import { IDEMPOTENT_REPLAYED_HEADER } from './idempotency-key';

export interface AppDescription {
  title: string;
  description: string;
  /** Its /docs is the operators' portal: Swagger UI with the four apps' documents in its top bar (the targets app). */
  portal?: boolean;
}

/** Global pipes and Swagger: shared by main.ts, the e2e tests and the OpenAPI generator. */
export function configureApp(app: INestApplication, description: AppDescription): OpenAPIObject {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  express.use(limitJsonDepth);
  express.disable('x-powered-by');
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
    }),
  );
  // A stop asked for (SIGTERM, SIGINT…) closes the app, then exits with code 0 rather than dying of the signal again:
  // `npm start`'s concurrently restarts an app that dies, so a SIGTERM would otherwise never stop it. process.exit
  // also lets pino flush.
  app.enableShutdownHooks([], { useProcessExit: true });
  // Any origin may call the API: a key is sent as a header, never a cookie, so a foreign page has nothing to borrow;
  // and the portal (the targets app's /docs) calls the other three apps from its own origin.
  // The portal's Swagger UI (another origin) reads these: a download's file name, a replayed job.
  app.enableCors({ exposedHeaders: ['content-disposition', IDEMPOTENT_REPLAYED_HEADER] });
  const document = buildOpenApiDocument(app, description);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: {
      persistAuthorization: true,
      displayOperationId: true,
      ...(description.portal ? { urls: portalDocuments(), 'urls.primaryName': 'targets' } : {}),
    },
    customSiteTitle: description.portal ? 'Contact mass update' : description.title,
    // Shows the top bar's document selector, which @nestjs/swagger hides otherwise.
    explorer: description.portal,
  });
  return document;
}

/**
 * The four documents of the portal's top-bar selector. Each other app's document comes from its PUBLIC_URL_*, and
 * Swagger UI sends a document's requests to where it fetched the document (they have no `servers`): so one page on
 * one origin, where one Authorize (kept in that origin's localStorage) serves every app.
 */
export function portalDocuments(config: AppConfig = loadConfig()): { name: string; url: string }[] {
  const at = (base: string) => `${base.replace(/\/+$/, '')}/docs-json`;
  return [
    { name: 'targets', url: '/docs-json' },
    { name: 'template-export', url: at(config.PUBLIC_URL_TEMPLATE_EXPORT) },
    { name: 'import', url: at(config.PUBLIC_URL_IMPORT) },
    { name: 'notifications', url: at(config.PUBLIC_URL_NOTIFICATIONS) },
  ];
}

/** A larger JSON body answers 413 PAYLOAD_TOO_LARGE (body-parser's limit). */
export const JSON_BODY_LIMIT = '10mb';
/**
 * Deepest nesting of arrays and objects a JSON body may have. Deeper bodies answer 400 before the validation pipe,
 * whose recursion they would exhaust; 32 is also MariaDB's JSON depth limit, whose CHECK (JSON_VALID) on a stored rule
 * otherwise failed with a 500.
 */
export const MAX_JSON_DEPTH = 32;

/** How deep `value` nests, counted without recursion and only up to `limit + 1`. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Express middleware after the JSON parser: 400 BAD_REQUEST for a body nested beyond MAX_JSON_DEPTH. */
export function limitJsonDepth(request: Request, _response: Response, next: NextFunction): void {
  if (jsonDepth(request.body) > MAX_JSON_DEPTH) {
    next(
      new DomainError(
        'BAD_REQUEST',
        `The JSON body is nested too deeply (at most ${MAX_JSON_DEPTH} levels of arrays and objects)`,
      ),
    );
    return;
  }
  next();
}

export function buildOpenApiDocument(app: INestApplication, description: AppDescription): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(description.title)
    .setDescription(description.description)
    .setVersion('1.0.0')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'Institution API key (or the admin key for POST /institutions)',
    })
    .addSecurityRequirements('bearer')
    .build();
  // addBearerAuth adds bearerFormat JWT; our keys are opaque strings.
  const scheme = config.components?.securitySchemes?.bearer as { bearerFormat?: string } | undefined;
  delete scheme?.bearerFormat;
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller, method) => method,
    extraModels: [ErrorBody],
  });
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as OperationObject[]) {
      if (!operation || typeof operation !== 'object' || !operation.responses) continue;
      // @Public() operations need no key: say so, so that Swagger UI and the clients send none.
      if (operation[PUBLIC_EXTENSION]) {
        delete operation[PUBLIC_EXTENSION];
        operation.security = [];
      }
      // What configureApp answers before or around any controller, so no controller's decorators can say it.
      const body = operation.requestBody as { content?: Record<string, unknown> } | undefined;
      if (body?.content?.['application/json']) {
        operation.responses['413'] ??= errorAnswer(`JSON body over the ${JSON_BODY_LIMIT} limit (PAYLOAD_TOO_LARGE)`);
      }
      operation.responses['500'] ??= errorAnswer('Unexpected error (INTERNAL_ERROR): logged, no detail sent back');
      for (const [status, response] of Object.entries(operation.responses) as [string, ResponseObject][]) {
        const json = response.content?.['application/json'];
        if (Number(status) >= 400 && json && json.example === undefined && json.examples === undefined)
          json.example = errorExample(Number(status), response.description);
      }
    }
  }
  return document;
}

type ResponseObject = { description?: string; content?: Record<string, { example?: unknown; examples?: unknown }> };
type OperationObject = OpenAPIObject['paths'][string]['get'] & Record<string, unknown>;

const errorAnswer = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorBody) } } },
});

/** The port an app was asked to listen on is taken by another process. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is in use`);
  }
}

/** Starts an app on its port and logs one line saying where its API and Swagger UI are. */
export async function listen(app: INestApplication, port: number, name: string): Promise<void> {
  try {
    await app.listen(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(port);
    throw error;
  }
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  new Logger(name).log(`ready: API ${url}, Swagger UI ${url}/docs`);
}
