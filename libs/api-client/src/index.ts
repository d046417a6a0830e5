import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths as ImportPaths } from './import';
import type { paths as NotificationsPaths } from './notifications';
import type { paths as TargetsPaths } from './targets';
import type { paths as TemplateExportPaths } from './template-export';

export type { ImportPaths, NotificationsPaths, TargetsPaths, TemplateExportPaths };
export type { components as TargetsComponents } from './targets';
export type { components as TemplateExportComponents } from './template-export';
export type { components as ImportComponents } from './import';
export type { components as NotificationsComponents } from './notifications';

export type TargetsClient = Client<TargetsPaths>;
export type TemplateExportClient = Client<TemplateExportPaths>;
export type ImportClient = Client<ImportPaths>;
export type NotificationsClient = Client<NotificationsPaths>;

/** Extra openapi-fetch options (a custom fetch, headers…). */
export type ApiClientOptions = Omit<ClientOptions, 'baseUrl'>;

function options(baseUrl: string, apiKey: string | undefined, extra: ApiClientOptions = {}): ClientOptions {
  const headers = { ...(extra.headers as Record<string, string> | undefined), ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) };
  return { ...extra, baseUrl: baseUrl.replace(/\/+$/, ''), headers };
}

/**
 * Typed clients of the four apps, generated from the committed OpenAPI documents (openapi/*.json).
 * `apiKey` is an institution's API key (or the admin key, for POST /institutions).
 *
 *   const targets = targetsClient('http://localhost:3001', key);
 *   const { data, error } = await targets.POST('/criteria', { body: { code: 'MUSIC', … } });
 */
export const targetsClient = (baseUrl: string, apiKey?: string, extra?: ApiClientOptions): TargetsClient =>
  createClient<TargetsPaths>(options(baseUrl, apiKey, extra));

export const templateExportClient = (baseUrl: string, apiKey?: string, extra?: ApiClientOptions): TemplateExportClient =>
  createClient<TemplateExportPaths>(options(baseUrl, apiKey, extra));

export const importClient = (baseUrl: string, apiKey?: string, extra?: ApiClientOptions): ImportClient =>
  createClient<ImportPaths>(options(baseUrl, apiKey, extra));

export const notificationsClient = (baseUrl: string, apiKey?: string, extra?: ApiClientOptions): NotificationsClient =>
  createClient<NotificationsPaths>(options(baseUrl, apiKey, extra));

type ImportUploadFields = Omit<import('./import').components['schemas']['CreateImportUploadDto'], 'file'>;

/** The multipart body of POST /imports: the fields, then the file (a .csv, or a .zip holding it). */
export function importUploadForm(fields: ImportUploadFields, file: { data: Blob | Uint8Array; name: string; type?: string }): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined && value !== null) form.append(name, String(value));
  const blob = file.data instanceof Blob ? file.data : new Blob([file.data], { type: file.type ?? 'application/octet-stream' });
  form.append('file', blob, file.name);
  return form;
}

/**
 * POST /imports with a file: openapi-fetch sends the FormData as multipart (the generated body
 * type only knows the file as a string). `idempotencyKey` makes a retried upload return the first import.
 */
export function uploadImport(
  client: ImportClient,
  fields: ImportUploadFields,
  file: { data: Blob | Uint8Array; name: string; type?: string },
  idempotencyKey?: string,
) {
  const form = importUploadForm(fields, file);
  return client.POST('/imports', {
    body: fields as never,
    bodySerializer: () => form,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    params: { header: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {} } as any,
  });
}
