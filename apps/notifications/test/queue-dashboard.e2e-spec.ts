import type { RunningApp } from '../../../test/utils';
import { ADMIN_KEY, isolateTestFile, startApp } from '../../../test/utils';
import { NOTIFICATIONS_APP, NotificationsAppModule } from '../src/notifications-app.module';

describe('queue dashboard (Bull Board) at /queues', () => {
  let app: RunningApp;

  beforeAll(async () => {
    isolateTestFile();
    app = await startApp(NotificationsAppModule, NOTIFICATIONS_APP);
  });
  afterAll(() => app.close());

  const dashboard = (below: string, authorization?: string) =>
    // Bull Board's page and its JSON API are not operations of openapi/notifications.json: plain fetch.
    fetch(`${app.url}/queues${below}`, { headers: authorization ? { authorization } : {} });

  it('asks for the admin key', async () => {
    const anonymous = await dashboard('');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(((await anonymous.json()) as { code: string }).code).toBe('UNAUTHORIZED');
    expect((await dashboard('/api/queues', 'Bearer not-the-admin-key-at-all')).status).toBe(401);
  });

  it('serves the UI with the admin key as a bearer token', async () => {
    const page = await dashboard('', `Bearer ${ADMIN_KEY}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('Contact mass update');
  });

  it('lists the three queues to a browser logging in with Basic (any user, the admin key as password)', async () => {
    const basic = Buffer.from(`ops:${ADMIN_KEY}`).toString('base64');
    const res = await dashboard('/api/queues', `Basic ${basic}`);
    expect(res.status).toBe(200);
    const { queues } = (await res.json()) as { queues: { name: string }[] };
    expect(queues.map((queue) => queue.name).sort()).toEqual(['import', 'notifications', 'template-export']);
  });
});
