import createClient from 'openapi-fetch';
import type { OpenApiDocument } from '../utils/openapi-check';
import { ResponseChecker, toJsonSchema } from '../utils/openapi-check';

const json = (schema: unknown) => ({ description: 'JSON', content: { 'application/json': { schema } } });
const error = json({ $ref: '#/components/schemas/ErrorBody' });

const document: OpenApiDocument = {
  openapi: '3.0.0',
  info: { title: 'things', version: '1' },
  paths: {
    '/things': { post: { responses: { 201: { description: 'Created, no body' } } } },
    '/things/{id}': {
      get: { responses: { 200: json({ $ref: '#/components/schemas/Thing' }), 404: error } },
      delete: { responses: { 204: { description: 'Gone' }, '4XX': error } },
    },
    '/things/{id}/file': {
      get: { responses: { 200: { description: 'The file', content: { 'application/zip': { schema: {} } } } } },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        required: ['id', 'state', 'note'],
        properties: {
          id: { type: 'integer', example: 7 },
          state: { type: 'string', enum: ['on', 'off'], nullable: true, example: 'on' },
          note: { type: 'string', nullable: true },
          seenAt: { type: 'string', format: 'date-time' },
          owner: { allOf: [{ $ref: '#/components/schemas/Owner' }], nullable: true, description: 'Who' },
        },
      },
      Owner: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
      ErrorBody: {
        type: 'object',
        required: ['statusCode', 'code', 'message'],
        properties: { statusCode: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const checker = new ResponseChecker('things', document);
const answer = (status: number, body: unknown, contentType = 'application/json; charset=utf-8') =>
  new Response(body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: body === undefined ? {} : { 'content-type': contentType },
  });
const thing = { id: 7, state: 'on', note: 'n', seenAt: '2026-01-02T03:04:05Z', owner: { name: 'Ana' } };

describe('the OpenAPI response checker', () => {
  it('passes what the document allows: nullable, enums, $refs, a 4XX range, no content, a zip', async () => {
    expect(await checker.problems('GET', '/things/{id}', answer(200, thing))).toEqual([]);
    expect(
      await checker.problems('GET', '/things/{id}', answer(200, { ...thing, state: null, note: null, owner: null })),
    ).toEqual([]);
    const notFound = { statusCode: 404, code: 'NOT_FOUND', message: 'No thing 7' };
    expect(await checker.problems('GET', '/things/{id}', answer(404, notFound))).toEqual([]);
    expect(await checker.problems('DELETE', '/things/{id}', answer(204, undefined))).toEqual([]);
    expect(await checker.problems('DELETE', '/things/{id}', answer(409, { ...notFound, statusCode: 409 }))).toEqual([]);
    expect(
      await checker.problems('GET', '/things/{id}/file', answer(200, 'PK\u0003\u0004', 'application/zip')),
    ).toEqual([]);
  });

  it('names each schema error of a body, a field the document does not list included, with the body', async () => {
    const bad = { ...thing, id: '7', state: 'maybe', seenAt: 'yesterday', owner: {} };
    expect(await checker.problems('GET', '/things/{id}', answer(200, bad))).toEqual([
      '/id must be integer',
      '/state must be equal to one of the allowed values',
      '/seenAt must match format "date-time"',
      "/owner must have required property 'name'",
      '/owner must be null',
      '/owner must match a schema in anyOf',
      `body: ${JSON.stringify(bad)}`,
    ]);
    const leaky = { ...thing, owner: { name: 'Ana', apiKey: 'k' }, secret: 's' };
    expect(await checker.problems('GET', '/things/{id}', answer(200, leaky))).toEqual([
      '(body) must NOT have additional properties: secret',
      '/owner must NOT have additional properties: apiKey',
      '/owner must be null',
      '/owner must match a schema in anyOf',
      `body: ${JSON.stringify(leaky)}`,
    ]);
    expect(await checker.problems('GET', '/things/{id}', answer(200, 'not json'))).toEqual([
      'the body is not JSON: not json',
    ]);
  });

  it('refuses an undocumented status, a wrong content type, a body where none is documented, an unknown operation', async () => {
    expect(await checker.problems('GET', '/things/{id}', answer(500, { statusCode: 500 }))).toEqual([
      'status 500 is not documented (the operation lists 200, 404)',
    ]);
    expect(await checker.problems('GET', '/things/{id}', answer(200, 'id,state', 'text/csv'))).toEqual([
      'content type text/csv is not one of application/json',
    ]);
    expect(await checker.problems('POST', '/things', answer(201, { id: 7 }))).toEqual([
      'a body (application/json) where the document lists none',
    ]);
    expect(await checker.problems('DELETE', '/things/{id}', new Response('{}', { status: 200 }))).toEqual([
      'status 200 is not documented (the operation lists 204, 4XX)',
    ]);
    expect(await checker.problems('GET', '/things/{id}/file', answer(200, {}))).toEqual([
      'content type application/json is not one of application/zip',
    ]);
    expect(await checker.problems('PUT', '/things/{id}', answer(200, thing))).toEqual([
      'PUT /things/{id} is not an operation of the document',
    ]);
  });

  it('fails the client call that got a response the document does not allow, naming method, path and status', async () => {
    const serving = (response: Response) => {
      const client = createClient<never>({ baseUrl: 'http://things.test', fetch: () => Promise.resolve(response) });
      client.use(checker.middleware());
      return client as unknown as { GET(path: string, init: object): Promise<{ data?: unknown }> };
    };
    const params = { params: { path: { id: 7 } } };
    await expect(serving(answer(200, thing)).GET('/things/{id}', params)).resolves.toMatchObject({ data: thing });
    await expect(serving(answer(200, { ...thing, id: 'seven' })).GET('/things/{id}', params)).rejects.toThrow(
      'GET /things/{id} answered 200 (application/json), which openapi/things.json does not allow:\n  /id must be integer',
    );
    await expect(serving(answer(418, 'teapot', 'text/plain')).GET('/things/{id}', params)).rejects.toThrow(
      'GET /things/{id} answered 418 (text/plain), which openapi/things.json does not allow:\n  status 418 is not documented',
    );
  });

  it('reads OpenAPI 3.0 nullable as JSON Schema: null joins the type and the enum, or wraps a typeless schema', () => {
    expect(toJsonSchema({ type: 'string', enum: ['a'], nullable: true, example: { nullable: true } })).toEqual({
      type: ['string', 'null'],
      enum: ['a', null],
      example: { nullable: true },
    });
    expect(toJsonSchema({ allOf: [{ $ref: '#/x' }], nullable: true, description: 'd' })).toEqual({
      description: 'd',
      anyOf: [{ allOf: [{ $ref: '#/x' }] }, { type: 'null' }],
    });
  });
});
