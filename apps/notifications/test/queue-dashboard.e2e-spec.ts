import { ADMIN_KEY, http, isolateTestFile, RunningApp, startApp } from '../../../test/utils';
import { NOTIFICATIONS_APP, NotificationsAppModule } from '../src/notifications-app.module';

describe('queue dashboard (Bull Board) at /queues', () => {
  let app: RunningApp;

  beforeAll(async () => {
    isolateTestFile();
    app = await startApp(NotificationsAppModule, NOTIFICATIONS_APP);
  });
  afterAll(() => app.close());

  it('asks for the admin key', async () => {
    const anonymous = await http('GET', `${app.url}/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(anonymous.body.code).toBe('UNAUTHORIZED');
    expect((await http('GET', `${app.url}/queues/api/queues`, { key: 'not-the-admin-key-at-all' })).status).toBe(401);
  });

  it('serves the UI with the admin key as a bearer token', async () => {
    const page = await http('GET', `${app.url}/queues`, { key: ADMIN_KEY });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.raw.toString('utf8')).toContain('Contact mass update');
  });

  it('lists the three queues to a browser logging in with Basic (any user, the admin key as password)', async () => {
    const basic = Buffer.from(`ops:${ADMIN_KEY}`).toString('base64');
    const res = await http('GET', `${app.url}/queues/api/queues`, { headers: { authorization: `Basic ${basic}` } });
    expect(res.status).toBe(200);
    expect(res.body.queues.map((queue: { name: string }) => queue.name).sort()).toEqual(['import', 'notifications', 'template-export']);
  });
});
