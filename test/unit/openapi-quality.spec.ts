import type { OpenAPIObject } from '@nestjs/swagger';
import { findViolations } from '../../scripts/openapi-quality';
import { canonicalize } from '../../scripts/openapi-json';

const errorOf = (statusCode: number) => ({
  description: 'Error',
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/ErrorBody' },
      example: { statusCode, code: 'NOT_FOUND', message: 'Thing 7 was not found' },
    },
  },
});
const error = errorOf(404);
const ok = (ref: string) => ({
  description: 'OK',
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } },
});

function documentWith(operation: Record<string, unknown>, schemas: Record<string, unknown> = {}): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    security: [{ bearer: [] }],
    paths: { '/things/{id}': { get: operation } },
    components: {
      schemas: {
        ErrorBody: { type: 'object', properties: { code: { type: 'string', example: 'NOT_FOUND' } } },
        ...schemas,
      },
    },
  } as unknown as OpenAPIObject;
}

const complete = {
  operationId: 'getThing',
  summary: 'Read a thing',
  tags: ['things'],
  parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'integer' } }],
  responses: { 200: ok('Thing'), 401: errorOf(401), 404: error },
};
const thing = {
  type: 'object',
  properties: { id: { type: 'integer', example: 7 }, status: { type: 'string', enum: ['on', 'off'], example: 'on' } },
};

describe('OpenAPI quality rules', () => {
  it('accept a fully documented operation', () => {
    expect(findViolations('app', documentWith(complete, { Thing: thing }))).toEqual([]);
  });

  it('name each gap: operationId, tags, examples, enums, 401, error answers', () => {
    const gaps = {
      ...complete,
      operationId: undefined,
      tags: [],
      parameters: [
        { in: 'path', name: 'id', required: true, schema: { type: 'integer', example: 7 } },
        { in: 'query', name: 'to', required: false, schema: { type: 'string', example: 'a@example.org' } },
        { in: 'query', name: 'page', required: true, schema: { type: 'integer' } },
      ],
      responses: { 200: { ...ok('Thing'), description: '' } },
    };
    const sloppy = {
      type: 'object',
      required: ['id'],
      properties: { id: { type: 'integer' }, note: { type: 'string' }, status: { type: 'string', example: 'on' } },
    };
    expect(findViolations('app', documentWith(gaps, { Thing: sloppy }))).toEqual([
      'app GET /things/{id}: no operationId (add @ApiOperation({ operationId }))',
      'app GET /things/{id}: no tags (add @ApiTags on the controller)',
      'app GET /things/{id}: path parameter id has an example: the user must choose the record',
      'app GET /things/{id}: optional parameter to has an example: Swagger UI would send it unasked',
      'app GET /things/{id}: parameter page has no example or enum',
      'app GET /things/{id}: response 200 has no description',
      'app GET /things/{id}: no error response documented (add ApiErrors(...))',
      'app GET /things/{id}: needs an API key but does not document 401',
      'app schema Thing.id: no example',
      'app schema Thing.status: a closed set of values needs an enum',
    ]);
  });

  it('do not ask a public operation (security: []) for 401', () => {
    const open = { ...complete, security: [], responses: { 200: ok('Thing'), 404: error } };
    expect(findViolations('app', documentWith(open, { Thing: thing }))).toEqual([]);
  });

  it('demand of each error answer an example body of its own status, not the 400 of ErrorBody', () => {
    const shared = { ...complete, responses: { 200: ok('Thing'), 401: errorOf(401), 404: errorOf(400), 409: error } };
    expect(findViolations('app', documentWith(shared, { Thing: thing }))).toEqual([
      'app GET /things/{id}: response 404 has no example body of its own (statusCode 404)',
      'app GET /things/{id}: response 409 has no example body of its own (statusCode 409)',
    ]);
  });

  it('catch a header declared twice with different case', () => {
    const twice = {
      ...complete,
      parameters: [
        ...complete.parameters,
        { in: 'header', name: 'Idempotency-Key', schema: { type: 'string' } },
        { in: 'header', name: 'idempotency-key', schema: { type: 'string' } },
      ],
    };
    expect(findViolations('app', documentWith(twice, { Thing: thing }))).toEqual([
      'app GET /things/{id}: parameter header "idempotency-key" is declared twice (header names are case-insensitive)',
    ]);
  });

  it('demand a JSON ErrorBody for every error answer, whatever the success produces', () => {
    // The bug it guards: @ApiProduces('application/zip') also turned the 4xx of a file endpoint into zips.
    const zip = {
      description: 'The zip',
      content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
    };
    const as = (type: string, schema: Record<string, unknown>) => ({
      description: 'Error',
      content: { [type]: { schema } },
    });
    const errorBody = { $ref: '#/components/schemas/ErrorBody' };
    const file = {
      ...complete,
      responses: {
        200: zip,
        401: errorOf(401),
        403: as('application/zip', errorBody),
        404: {
          description: 'Error',
          content: { 'application/json': error.content['application/json'], 'text/csv': { schema: errorBody } },
        },
        409: as('application/json', { $ref: '#/components/schemas/Thing' }),
        410: as('application/json', { type: 'object', properties: { message: { type: 'string', example: 'gone' } } }),
      },
    };
    expect(findViolations('app', documentWith(file, { Thing: thing }))).toEqual([
      'app GET /things/{id}: response 403 is documented as application/zip: an error answers application/json only (give the file type to the success response alone, not @ApiProduces)',
      'app GET /things/{id}: response 404 is documented as application/json, text/csv: an error answers application/json only (give the file type to the success response alone, not @ApiProduces)',
      'app GET /things/{id}: response 409 application/json schema is #/components/schemas/Thing, not #/components/schemas/ErrorBody (declare it with ApiErrors(...) or type: ErrorBody)',
      'app GET /things/{id}: response 410 application/json schema is an inline schema, not #/components/schemas/ErrorBody (declare it with ApiErrors(...) or type: ErrorBody)',
    ]);
  });
});

describe('canonical OpenAPI JSON', () => {
  it("sorts keys everywhere but in a schema's properties, which keep their declared order", () => {
    const out = canonicalize({
      b: 1,
      a: { properties: { z: { type: 'string', example: 'x' }, y: { example: 1, type: 'integer' } } },
    });
    expect(JSON.stringify(out)).toBe(
      '{"a":{"properties":{"z":{"example":"x","type":"string"},"y":{"example":1,"type":"integer"}}},"b":1}',
    );
  });
});
