import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Middleware } from 'openapi-fetch';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the checker reads of an OpenAPI 3.0 document. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, ResponseObject> }>>;
  [key: string]: unknown;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, { schema?: unknown }>;
}

/** The media types whose body is read and checked against its schema; others (zip, csv) by status and type only. */
const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');

/** `application/json; charset=utf-8` → `application/json`. */
const essence = (contentType: string | null) => (contentType ?? '').split(';')[0].trim().toLowerCase();

/** A documented media type range (`text/*`, `*\/*`) matches the answered one. */
const matches = (range: string, mediaType: string) =>
  range === mediaType || range === '*/*' || (range.endsWith('/*') && mediaType.startsWith(range.slice(0, -1)));

/** A JSON pointer into the document, written as a URI fragment Ajv can resolve. */
const pointer = (...tokens: string[]) =>
  '#/' + tokens.map((token) => encodeURIComponent(token.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

/**
 * OpenAPI 3.0's `nullable: true` in JSON Schema terms: null joins the type (and the enum, as the generated client
 * types read it); without a type, the schema becomes "it, or null". Examples are data, left alone.
 */
export function toJsonSchema<T>(node: T): T {
  if (Array.isArray(node)) return node.map(toJsonSchema) as T;
  if (node === null || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) out[key] = key === 'example' ? value : toJsonSchema(value);
  if (nullable !== true) return out as T;
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'] } as T;
  const { description, ...schema } = out;
  return { description, anyOf: [schema, { type: 'null' }] } as T;
}

/**
 * An object schema with properties and no `additionalProperties` admits no other field, as the generated client
 * types read it: a field the app sends but the document does not list is drift too. (Objects are not combined
 * with allOf in our documents, where a closed part would refuse the other parts' fields.)
 */
export function closeObjects<T>(node: T): T {
  if (Array.isArray(node)) return node.map(closeObjects) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = key === 'example' ? value : closeObjects(value);
  if (typeof out.properties === 'object' && !('additionalProperties' in out)) out.additionalProperties = false;
  return out as T;
}

const explain = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((error) => {
    const extra = error.keyword === 'additionalProperties' ? `: ${String(error.params.additionalProperty)}` : '';
    return `${error.instancePath || '(body)'} ${error.message ?? error.keyword}${extra}`;
  });

/**
 * Checks responses against one app's committed OpenAPI document: the status must be listed for the operation
 * (path template + method, or its `4XX`/`default`), the content type must be one the document lists for that
 * status (none when it lists none), and a JSON body must match the schema, with no field it does not list.
 */
export class ResponseChecker {
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(
    readonly app: string,
    private readonly document: OpenApiDocument,
  ) {
    // strictSchema stays on, so a keyword the conversion does not know fails loudly rather than being ignored;
    // the document's own fields are known words, since the whole document is the root of every $ref.
    this.ajv = new Ajv({ allErrors: true, strictTypes: false, strictTuples: false, strictRequired: false });
    this.ajv.addVocabulary(['example', 'xml', 'externalDocs']);
    this.ajv.addVocabulary(['openapi', 'info', 'servers', 'paths', 'components', 'security', 'tags']);
    addFormats(this.ajv);
    this.ajv.addSchema(closeObjects(toJsonSchema(document)) as object, app);
  }

  /** What the document does not allow in this response; empty when it allows it all. */
  async problems(method: string, schemaPath: string, response: Response): Promise<string[]> {
    const verb = method.toLowerCase();
    const operation = this.document.paths[schemaPath]?.[verb];
    if (!operation) return [`${method.toUpperCase()} ${schemaPath} is not an operation of the document`];
    const responses = operation.responses ?? {};
    const status = [String(response.status), `${String(response.status)[0]}XX`, 'default'].find((s) => s in responses);
    if (status === undefined) {
      return [`status ${response.status} is not documented (the operation lists ${Object.keys(responses).join(', ')})`];
    }
    const content = responses[status].content ?? {};
    const mediaType = essence(response.headers.get('content-type'));
    const documented = Object.keys(content);
    if (documented.length === 0) {
      const body = response.body ? await response.clone().text() : '';
      return body === '' ? [] : [`a body (${mediaType || 'no content type'}) where the document lists none`];
    }
    const range = documented.find((candidate) => matches(candidate, mediaType));
    if (range === undefined) return [`content type ${mediaType || '(none)'} is not one of ${documented.join(', ')}`];
    if (!isJson(mediaType) || content[range].schema === undefined) return [];

    const text = await response.clone().text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return [`the body is not JSON: ${text.slice(0, 200)}`];
    }
    const validate = this.validator(
      pointer('paths', schemaPath, verb, 'responses', status, 'content', range, 'schema'),
    );
    return validate(body) ? [] : [...explain(validate.errors), `body: ${text.slice(0, 300)}`];
  }

  /** openapi-fetch middleware: a response the document does not allow fails the call that got it. */
  middleware(): Middleware {
    return {
      onResponse: async ({ request, schemaPath, response }) => {
        const problems = await this.problems(request.method, schemaPath, response);
        if (problems.length === 0) return;
        throw new Error(
          `${request.method} ${schemaPath} answered ${response.status} ` +
            `(${essence(response.headers.get('content-type')) || 'no content type'}), ` +
            `which openapi/${this.app}.json does not allow:\n  ${problems.join('\n  ')}`,
        );
      },
    };
  }

  private validator(ref: string): ValidateFunction {
    let validate = this.validators.get(ref);
    if (!validate) this.validators.set(ref, (validate = this.ajv.compile({ $ref: `${this.app}${ref}` })));
    return validate;
  }
}

const checkers = new Map<string, ResponseChecker>();

/** The checker of an app's committed document (openapi/<app>.json), read once per test file. */
export function checkerOf(app: 'targets' | 'template-export' | 'import' | 'notifications'): ResponseChecker {
  let checker = checkers.get(app);
  if (!checker) {
    const path = join(__dirname, '..', '..', 'openapi', `${app}.json`);
    checkers.set(app, (checker = new ResponseChecker(app, JSON.parse(readFileSync(path, 'utf8')) as OpenApiDocument)));
  }
  return checker;
}
