import type { INestApplication } from '@nestjs/common';
import { Logger, ValidationPipe } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { PUBLIC_EXTENSION } from '../auth/auth.decorators';

export interface AppDescription {
  title: string;
  description: string;
}

/** Global pipes and Swagger: shared by main.ts, the e2e tests and the OpenAPI generator. */
export function configureApp(app: INestApplication, description: AppDescription): OpenAPIObject {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: '10mb' });
  express.disable('x-powered-by');
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
    }),
  );
  app.enableShutdownHooks();
  const document = buildOpenApiDocument(app, description);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true, displayOperationId: true },
    customSiteTitle: description.title,
  });
  return document;
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
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller, method) => method,
  });
  // @Public() operations need no key: say so, so that Swagger UI and the clients send none.
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as Record<string, unknown>[]) {
      if (operation && typeof operation === 'object' && operation[PUBLIC_EXTENSION]) {
        delete operation[PUBLIC_EXTENSION];
        operation.security = [];
      }
    }
  }
  return document;
}

/** Starts an app on its port and logs where its API and Swagger UI are. */
export async function listen(app: INestApplication, port: number, name: string): Promise<void> {
  await app.listen(port);
  const url = await app.getUrl();
  new Logger(name).log(`listening on ${url.replace('[::1]', 'localhost')} — Swagger UI at /docs`);
}
