import type { RunningApp } from '../../../test/utils';
import { ADMIN_KEY, isolateTestFile, startApp, targetsClient } from '../../../test/utils';
import { TARGETS_APP, TargetsAppModule } from '../src/targets-app.module';

/** The generated client (libs/api-client, from openapi/targets.json) against the real app. */
describe('typed client of the targets app', () => {
  let targets: RunningApp;

  beforeAll(async () => {
    isolateTestFile();
    targets = await startApp(TargetsAppModule, TARGETS_APP);
  });
  afterAll(() => targets.close());

  it('reads /health without a key', async () => {
    const { data, response } = await targetsClient(targets.url).GET('/health');
    expect(response.status).toBe(200);
    expect(data?.status).toBe('ok');
  });

  it('creates an institution with the admin key, whose key then works', async () => {
    const code = `CLIENT_${Date.now()}`;
    const created = await targetsClient(targets.url, ADMIN_KEY).POST('/institutions', {
      body: { code, name: 'Théâtre du client' },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({
      id: expect.any(Number),
      code,
      name: 'Théâtre du client',
      apiKey: expect.any(String),
    });

    const asInstitution = targetsClient(targets.url, created.data!.apiKey);
    const { data: criteria, response } = await asInstitution.GET('/criteria');
    expect(response.status).toBe(200);
    expect(criteria).toEqual([]);
  });

  it('tags each request with an id, taken from x-request-id when given, and sends it back', async () => {
    const given = await targetsClient(targets.url, undefined, { headers: { 'x-request-id': 'trace-42' } }).GET(
      '/health',
    );
    expect(given.response.headers.get('x-request-id')).toBe('trace-42');
    const made = await targetsClient(targets.url).GET('/health');
    expect(made.response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives typed error bodies', async () => {
    const { error, response } = await targetsClient(targets.url, 'not-a-key-of-anyone').GET('/criteria');
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
  });
});
