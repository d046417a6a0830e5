import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppDescription, buildOpenApiDocument } from '@app/common';
import { IMPORT_APP, ImportAppModule } from '../apps/import/src/import-app.module';
import { NOTIFICATIONS_APP, NotificationsAppModule } from '../apps/notifications/src/notifications-app.module';
import { TARGETS_APP, TargetsAppModule } from '../apps/targets/src/targets-app.module';
import { TEMPLATE_EXPORT_APP, TemplateExportAppModule } from '../apps/template-export/src/template-export-app.module';

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

/**
 * Deterministic JSON: every object's keys sorted (paths, schemas, responses…), except a schema's
 * `properties`, which keep their declared order because that is the order readers and forms show.
 */
export function canonicalize(value: unknown, parentKey?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => canonicalize(item));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  if (parentKey !== 'properties') entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, item]) => [key, canonicalize(item, parentKey === 'properties' ? undefined : key)]));
}

/** The exact text committed as openapi/<app>.json. */
export function serializeDocument(document: OpenAPIObject): string {
  return `${JSON.stringify(canonicalize(document), null, 2)}\n`;
}
