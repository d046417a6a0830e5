import type {
  ApiClientOptions,
  ImportClient,
  NotificationsClient,
  TargetsClient,
  TemplateExportClient,
} from '@app/api-client';
import * as api from '@app/api-client';
import { checkerOf } from './openapi-check';

/**
 * The e2e tests call the apps only through the typed clients generated from openapi/*.json
 * (@app/api-client), as our internal services do: a path, parameter or body the documents don't
 * describe fails to compile. The clients made here also check every response against the committed
 * document (openapi-check.ts): a status, content type or body it does not describe fails the call.
 * Tests make their clients here, never from @app/api-client (test/unit/e2e-calls-through-client.spec.ts).
 */
export const targetsClient = (baseUrl: string, apiKey?: string, extra?: ApiClientOptions): TargetsClient =>
  checked(api.targetsClient(baseUrl, apiKey, extra), 'targets');

export const templateExportClient = (
  baseUrl: string,
  apiKey?: string,
  extra?: ApiClientOptions,
): TemplateExportClient => checked(api.templateExportClient(baseUrl, apiKey, extra), 'template-export');

export const importClient = (baseUrl: string, apiKey?: string, extra?: ApiClientOptions): ImportClient =>
  checked(api.importClient(baseUrl, apiKey, extra), 'import');

export const notificationsClient = (baseUrl: string, apiKey?: string, extra?: ApiClientOptions): NotificationsClient =>
  checked(api.notificationsClient(baseUrl, apiKey, extra), 'notifications');

function checked<C extends TargetsClient | TemplateExportClient | ImportClient | NotificationsClient>(
  client: C,
  app: Parameters<typeof checkerOf>[0],
): C {
  client.use(checkerOf(app).middleware());
  return client;
}

/** The checked factories, for code that takes them as a parameter (the demo). */
export const checkedClientFactories = { targetsClient, templateExportClient, importClient, notificationsClient };

export interface Clients {
  targets: TargetsClient;
  exports: TemplateExportClient;
  imports: ImportClient;
  notifications: NotificationsClient;
}

type Url = string | { url: string } | undefined;
const urlOf = (app: Url): string =>
  app === undefined ? 'http://127.0.0.1:9' : typeof app === 'string' ? app : app.url;

/** The four typed clients for one API key (an app not started gets a client that can't connect). */
export function clientsFor(
  apps: { targets?: Url; exports?: Url; imports?: Url; notifications?: Url },
  apiKey?: string,
): Clients {
  return {
    targets: targetsClient(urlOf(apps.targets), apiKey),
    exports: templateExportClient(urlOf(apps.exports), apiKey),
    imports: importClient(urlOf(apps.imports), apiKey),
    notifications: notificationsClient(urlOf(apps.notifications), apiKey),
  };
}

/** What every openapi-fetch call answers. */
export interface ClientResult<D = unknown, E = unknown> {
  data?: D;
  error?: E;
  response: Response;
}

/** The body of a client call whatever its status: `data` on success, else the error body. */

export const bodyOf = (result: ClientResult): any => (result.response.ok ? result.data : result.error);

/** Throws a message naming the status and body unless the call answered `status`; answers its data. */
export function expectStatus<D, E>(result: ClientResult<D, E>, status: number): NonNullable<D> {
  if (result.response.status !== status) {
    const body = JSON.stringify(bodyOf(result) ?? null).slice(0, 500);
    throw new Error(`${result.response.url} answered ${result.response.status}, expected ${status}: ${body}`);
  }
  return result.data as NonNullable<D>;
}

/**
 * Request options for a body the generated types refuse on purpose (bad JSON, wrong types, an
 * oversized payload): the client sends `text` as is, with the JSON content type.
 */
export const rawBody = (text: string) => ({ body: {} as never, bodySerializer: () => text });
