import type { OpenAPIObject } from '@nestjs/swagger';

type Json = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];
/** Properties whose values form a closed set: clients need the enum to switch on them. */
const ENUM_NAMES = new Set([
  'status',
  'dataType',
  'mode',
  'type',
  'severity',
  'locale',
  'delimiter',
  'format',
  'onConflict',
]);

/**
 * What a generated client and a Swagger UI user need from each operation (issue 8): an
 * operationId, tags and a summary; request and response schemas; examples on every required value
 * and none on path or optional parameters (issue 23); enums on closed sets; a description on every
 * response; the error answers (401 when a key is needed), each a JSON ErrorBody with an example of its status.
 * Returns one line per gap.
 */
export function findViolations(app: string, document: OpenAPIObject): string[] {
  const doc = document as unknown as Json;
  const violations: string[] = [];
  const operationIds = new Map<string, string>();

  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op: Json | undefined = item[method];
      if (!op) continue;
      const where = `${app} ${method.toUpperCase()} ${path}`;
      const report = (what: string) => violations.push(`${where}: ${what}`);

      if (!op.operationId) report('no operationId (add @ApiOperation({ operationId }))');
      else if (operationIds.has(op.operationId))
        report(`operationId ${op.operationId} also used by ${operationIds.get(op.operationId)}`);
      else operationIds.set(op.operationId, where);
      if (!op.tags?.length) report('no tags (add @ApiTags on the controller)');
      if (!op.summary) report('no summary');

      const seen = new Set<string>();
      for (const parameter of [...(item.parameters ?? []), ...(op.parameters ?? [])] as Json[]) {
        const key = `${parameter.in}:${parameter.in === 'header' ? String(parameter.name).toLowerCase() : parameter.name}`;
        if (seen.has(key))
          report(`parameter ${parameter.in} "${parameter.name}" is declared twice (header names are case-insensitive)`);
        seen.add(key);
        const prefilled = parameter.example !== undefined || parameter.schema?.example !== undefined;
        if (!parameter.schema) report(`parameter ${parameter.name} has no schema`);
        // Swagger UI pre-fills an example: on a path it picks a record nobody chose (DELETE /targets/7), on an
        // optional parameter it sends a filter nobody asked for.
        else if (parameter.in === 'path' && prefilled)
          report(`path parameter ${parameter.name} has an example: the user must choose the record`);
        else if (!parameter.required && prefilled)
          report(`optional parameter ${parameter.name} has an example: Swagger UI would send it unasked`);
        else if (
          parameter.in === 'query' &&
          parameter.required &&
          !parameter.schema.$ref &&
          !hasExample(parameter) &&
          !hasExample(parameter.schema)
        )
          report(`parameter ${parameter.name} has no example or enum`);
        if (parameter.in === 'path' && !path.includes(`{${parameter.name}}`))
          report(`path parameter ${parameter.name} is not in the path`);
      }
      for (const name of path.match(/\{([^}]+)\}/g) ?? []) {
        if (!seen.has(`path:${name.slice(1, -1)}`)) report(`path parameter ${name} is not documented`);
      }

      if (op.requestBody) {
        const content = Object.entries<Json>(op.requestBody.content ?? {});
        if (!content.length || content.some(([, media]) => !media.schema)) report('request body without a schema');
        for (const [type, media] of content) checkSchema(doc, media.schema, `${where} request ${type}`, violations);
      }

      const statuses = Object.keys(op.responses ?? {});
      const success = statuses.filter((status) => /^2\d\d$/.test(status));
      if (!success.length) report('no success response');
      for (const status of statuses) {
        const response: Json = op.responses[status];
        const needsBody = status !== '204' && !/^3/.test(status);
        const content = Object.entries<Json>(response.content ?? {});
        if (needsBody && (!content.length || content.some(([, media]) => !media.schema)))
          report(`response ${status} has no schema`);
        if (!response.description) report(`response ${status} has no description`);
        for (const [type, media] of content)
          checkSchema(doc, media.schema, `${where} response ${status} ${type}`, violations);
        if (/^[45]\d\d$/.test(status) && content.length) checkErrorBody(status, content, report);
        const json = response.content?.['application/json'] as Json | undefined;
        if (/^[45]\d\d$/.test(status) && json?.schema?.$ref === ERROR_BODY_REF && json.example?.statusCode !== +status)
          report(`response ${status} has no example body of its own (statusCode ${status})`);
      }
      const errors = statuses.filter((status) => /^[45]\d\d$/.test(status));
      if (!errors.length) report('no error response documented (add ApiErrors(...))');
      const secured = op.security ? op.security.length > 0 : (doc.security ?? []).length > 0;
      if (secured && !statuses.includes('401')) report('needs an API key but does not document 401');
    }
  }

  for (const [name, schema] of Object.entries<Json>(doc.components?.schemas ?? {})) {
    checkSchema(doc, schema, `${app} schema ${name}`, violations, true);
  }
  return violations;
}

const ERROR_BODY_REF = '#/components/schemas/ErrorBody';

/**
 * Every error answer is JSON ErrorBody (the exception filter writes nothing else), whatever the
 * success is: @ApiProduces on a file endpoint once made its 4xx read as zip / CSV. A response
 * without content is already reported as having no schema.
 */
function checkErrorBody(status: string, content: [string, Json][], report: (what: string) => void): void {
  const types = content.map(([type]) => type);
  if (types.length !== 1 || types[0] !== 'application/json') {
    report(
      `response ${status} is documented as ${types.join(', ')}: an error answers application/json only (give the file type to the success response alone, not @ApiProduces)`,
    );
  }
  const json = content.find(([type]) => type === 'application/json')?.[1];
  const ref: unknown = json?.schema?.$ref;
  if (json?.schema && ref !== ERROR_BODY_REF) {
    report(
      `response ${status} application/json schema is ${ref ? String(ref) : 'an inline schema'}, not ${ERROR_BODY_REF} (declare it with ApiErrors(...) or type: ErrorBody)`,
    );
  }
}

function hasExample(node: Json | undefined): boolean {
  return !!node && (node.example !== undefined || node.examples !== undefined || Array.isArray(node.enum));
}

/** Inline schemas get checked where they are used; referenced ones once, under components. */
function checkSchema(
  doc: Json,
  schema: Json | undefined,
  where: string,
  violations: string[],
  isComponent = false,
): void {
  if (!schema || (schema.$ref && !isComponent)) return;
  if (schema.type === 'array') return checkSchema(doc, schema.items, `${where}[]`, violations);
  const required = new Set<string>(schema.required ?? []);
  for (const [property, definition] of Object.entries<Json>(schema.properties ?? {})) {
    const at = `${where}.${property}`;
    if (definition.$ref || definition.allOf || definition.oneOf || definition.anyOf) continue;
    const items: Json | undefined = definition.type === 'array' ? definition.items : undefined;
    if (ENUM_NAMES.has(property) && !definition.enum && !items?.enum && !items?.$ref && definition.type !== 'object') {
      violations.push(`${at}: a closed set of values needs an enum`);
    }
    if (definition.format === 'binary') continue;
    if (items?.$ref) continue;
    if (definition.type === 'object' && definition.properties && !definition.additionalProperties) {
      checkSchema(doc, definition, at, violations);
      continue;
    }
    // An optional property may go without: in a request, Swagger UI would otherwise fill it (an e-mail to mail).
    if (required.has(property) && !hasExample(definition) && !hasExample(items)) violations.push(`${at}: no example`);
  }
}
