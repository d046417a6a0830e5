type Json = Record<string, any>;

/**
 * What Swagger UI pre-fills for an operation's JSON body, from an OpenAPI document: the first of the media type's
 * `examples`, its `example`, or a sample built from the schema as Swagger UI builds it (a property's example, else its
 * default, else its first enum value, else a placeholder of its type). Used by `npm run seed:examples` and by the test
 * that runs every documented example (test/e2e/openapi-examples.e2e-spec.ts).
 */
export function requestExample(document: Json, operationId: string): unknown {
  const media = findOperation(document, operationId).operation.requestBody?.content?.['application/json'];
  if (!media) return undefined;
  const first = media.examples ? Object.values<Json>(media.examples)[0] : undefined;
  if (first) return first.value;
  if (media.example !== undefined) return media.example;
  return sample(document, media.schema);
}

/** The method and path of an operation, by its operationId. */
export function findOperation(document: Json, operationId: string): { method: string; path: string; operation: Json } {
  for (const [path, item] of Object.entries<Json>(document.paths))
    for (const [method, operation] of Object.entries<Json>(item))
      if (operation?.operationId === operationId) return { method, path, operation };
  throw new Error(`No operation ${operationId} in ${document.info?.title}`);
}

/** The 2xx status the document gives the operation. */
export function successStatus(document: Json, operationId: string): number {
  const statuses = Object.keys(findOperation(document, operationId).operation.responses).map(Number);
  const success = statuses.find((status) => status >= 200 && status < 300);
  if (success === undefined) throw new Error(`${operationId} documents no success`);
  return success;
}

function sample(document: Json, schema: Json | undefined): unknown {
  if (!schema) return undefined;
  if (schema.$ref) return sample(document, resolve(document, schema.$ref));
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part: Json) => sample(document, part)));
  if (schema.oneOf || schema.anyOf) return sample(document, (schema.oneOf ?? schema.anyOf)[0]);
  if (schema.type === 'array') return [sample(document, schema.items)];
  if (schema.type === 'object' || schema.properties)
    return Object.fromEntries(
      Object.entries<Json>(schema.properties ?? {})
        .filter(([, property]) => !property.readOnly)
        .map(([name, property]) => [name, sample(document, property)]),
    );
  return { string: 'string', integer: 0, number: 0, boolean: true }[schema.type as string];
}

function resolve(document: Json, ref: string): Json {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<Json>((node, key) => node[key], document);
}

/** The part of an openapi-fetch client this file needs: any of the four typed clients. */
interface RequestClient {
  request(method: never, url: never, init?: never): Promise<{ data?: unknown; error?: unknown; response: Response }>;
}

export interface ExampleCall {
  /** Values of the path's parameters: the records a Swagger UI user picks (ids have no example). */
  path?: Record<string, string | number>;
  /** Changes a user has to make to the pre-filled body (an id of theirs, a code that must be new). */
  edit?: (example: any) => unknown;
}

/**
 * Sends an operation's documented example through `client`, as Swagger UI's Execute would; throws unless the answer
 * has the documented success status. Answers the body.
 */
export async function runExample(
  client: RequestClient,
  document: Json,
  operationId: string,
  call: ExampleCall = {},
): Promise<any> {
  const { method, path, operation } = findOperation(document, operationId);
  const example = requestExample(document, operationId);
  const body = call.edit ? call.edit(structuredClone(example)) : example;
  const expected = successStatus(document, operationId);
  // A file (a CSV report, a zip) is read as bytes, JSON as JSON; an operation answering both is asked for JSON, as
  // Swagger UI does with the first type it lists.
  const types = Object.keys(operation.responses[expected]?.content ?? {});
  const json = !types.length || types.includes('application/json');
  const init = {
    params: { path: call.path ?? {} },
    parseAs: json ? 'json' : 'arrayBuffer',
    ...(types.length > 1 && json ? { headers: { accept: 'application/json' } } : {}),
    ...(body === undefined ? {} : { body }),
  };
  const result = await client.request(method as never, path as never, init as never);
  if (result.response.status !== expected) {
    const answer = JSON.stringify(result.response.ok ? result.data : result.error)?.slice(0, 500);
    throw new Error(`${operationId} answered ${result.response.status}, documented ${expected}: ${answer}`);
  }
  return result.data;
}

/**
 * Creates, in an institution, the codes and records the documented examples use, by running the examples that create
 * them (criterion MUSIC_TASTE with JAZZ and ROCK, authorization NEWSLETTER, three contacts, a target): every other
 * example then runs as given on that institution, ids aside.
 */
export async function seedExamples(
  targets: RequestClient,
  document: Json,
): Promise<{ criterionCode: string; contactId: number; targetId: number }> {
  const criterion = await runExample(targets, document, 'createCriterion');
  await runExample(targets, document, 'createAuthorization');
  const contact = await runExample(targets, document, 'createContact');
  await runExample(targets, document, 'createContactsBulk');
  const target = await runExample(targets, document, 'createTarget');
  return { criterionCode: criterion.code, contactId: contact.id, targetId: target.id };
}
