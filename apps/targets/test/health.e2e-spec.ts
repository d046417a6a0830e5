import type { RunningApp } from '../../../test/utils';
import { expectStatus, isolateTestFile, startApp, targetsClient } from '../../../test/utils';
import { TARGETS_APP, TargetsAppModule } from '../src/targets-app.module';

describe('targets app platform', () => {
  let targets: RunningApp;

  beforeAll(async () => {
    isolateTestFile();
    targets = await startApp(TargetsAppModule, TARGETS_APP);
  });
  afterAll(() => targets.close());

  it('answers /health with the database and Redis up', async () => {
    const health = expectStatus(await targetsClient(targets.url).GET('/health'), 200);
    expect(health.info).toEqual({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('answers 503 naming the dependency that does not answer, in the shape of every other error', async () => {
    const redisUrl = process.env.REDIS_URL;
    process.env.REDIS_URL = 'redis://127.0.0.1:1'; // nothing listens there
    const blind = await startApp(TargetsAppModule, TARGETS_APP).finally(() => (process.env.REDIS_URL = redisUrl));
    try {
      const res = await targetsClient(blind.url).GET('/health');
      expect(res.response.status).toBe(503);
      expect(res.error).toMatchObject({
        statusCode: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: expect.stringMatching(/^Not ready: redis \(.+\) does not answer$/),
        details: { status: 'error', info: { database: { status: 'up' } }, error: { redis: { status: 'down' } } },
      });
    } finally {
      await blind.close();
    }
  });

  it('serves the OpenAPI document with bearer auth', async () => {
    // The Swagger document itself is not an operation of the document: plain fetch.
    const res = await fetch(`${targets.url}/docs-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; components: { securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
