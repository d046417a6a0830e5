import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { AppDescription } from '@app/common';
import { buildOpenApiDocument } from '@app/common';
import { IMPORT_APP, ImportAppModule } from '../apps/import/src/import-app.module';
import { NOTIFICATIONS_APP, NotificationsAppModule } from '../apps/notifications/src/notifications-app.module';
import { TARGETS_APP, TargetsAppModule } from '../apps/targets/src/targets-app.module';
import { TEMPLATE_EXPORT_APP, TemplateExportAppModule } from '../apps/template-export/src/template-export-app.module';

export { canonicalize, serializeDocument } from './openapi-json';

/** The four apps whose OpenAPI documents are committed under openapi/ and turned into libs/api-client. */
export const APPS: { name: AppName; module: Type<unknown>; description: AppDescription }[] = [
  { name: 'targets', module: TargetsAppModule, description: TARGETS_APP },
  { name: 'template-export', module: TemplateExportAppModule, description: TEMPLATE_EXPORT_APP },
  { name: 'import', module: ImportAppModule, description: IMPORT_APP },
  { name: 'notifications', module: NotificationsAppModule, description: NOTIFICATIONS_APP },
];
export type AppName = 'targets' | 'template-export' | 'import' | 'notifications';

/**
 * Builds an app's document without a server, a database or Redis: in preview mode Nest resolves
 * the module graph (controllers, routes, decorators) but instantiates no provider, so no factory
 * (TypeORM's connection, Bull's queues, the Redis health check) ever runs.
 */
export async function buildDocument(module: Type<unknown>, description: AppDescription): Promise<OpenAPIObject> {
  const app: INestApplication = await NestFactory.create(module, { preview: true, logger: false, abortOnError: false });
  try {
    return buildOpenApiDocument(app, description);
  } finally {
    await app.close().catch(() => undefined);
  }
}

export async function buildDocuments(): Promise<Record<AppName, OpenAPIObject>> {
  const documents = {} as Record<AppName, OpenAPIObject>;
  for (const { name, module, description } of APPS) documents[name] = await buildDocument(module, description);
  return documents;
}
