import { isolateTestFile, startApp, http, RunningApp } from '../../../test/utils';
import { TARGETS_APP, TargetsAppModule } from '../src/targets-app.module';

describe('targets app platform', () => {
  let targets: RunningApp;

  beforeAll(async () => {
    isolateTestFile();
    targets = await startApp(TargetsAppModule, TARGETS_APP);
  });
  afterAll(() => targets.close());

  it('answers /health with the database and Redis up', async () => {
    const res = await http('GET', `${targets.url}/health`);
    expect(res.status).toBe(200);
    expect(res.body.info).toEqual({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('serves the OpenAPI document with bearer auth', async () => {
    const res = await http('GET', `${targets.url}/docs-json`);
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
