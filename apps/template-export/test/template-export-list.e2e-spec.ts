import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { QueueName } from '@app/queues';
import type { Clients, RunningApp } from '../../../test/utils';
import {
  clientsFor,
  createInstitution,
  expectStatus,
  isolateTestFile,
  seed,
  startApp,
  waitFor,
} from '../../../test/utils';
import { TARGETS_APP, TargetsAppModule } from '../../targets/src/targets-app.module';
import { TEMPLATE_EXPORT_APP, TemplateExportAppModule } from '../src/template-export-app.module';

/** GET /template-exports: the institution's exports, newest first, by status and target, paged. */
describe('template export list', () => {
  let targets: RunningApp;
  let exporter: RunningApp;
  let api: Clients;
  let other: Clients;
  let exportQueue: Queue;
  let jazz: number;
  let rock: number;
  /** The exports made here, oldest first. */
  const made: number[] = [];

  const list = async (query: Record<string, string | number>) =>
    expectStatus(await api.exports.GET('/template-exports', { params: { query: query as never } }), 200);

  beforeAll(async () => {
    isolateTestFile();
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    exporter = await startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP);
    const key = (await createInstitution(targets.url)).apiKey;
    api = clientsFor({ targets, exports: exporter }, key);
    other = clientsFor({ targets, exports: exporter }, (await createInstitution(targets.url)).apiKey);
    exportQueue = exporter.app.get<Queue>(getQueueToken(QueueName.TemplateExport));
    await seed(targets.url, key, {
      criteria: [{ code: 'MUSIC', multiValued: true, values: ['JAZZ', 'ROCK'] }],
      contacts: [{ firstName: 'Ana', lastName: 'Alpha', email: 'a@example.org', criteria: { MUSIC: ['JAZZ'] } }],
    });
    const target = async (name: string, value: string) =>
      expectStatus(
        await api.targets.POST('/targets', { body: { name, rule: { criterion: 'MUSIC', in: [value] } } }),
        201,
      ).id;
    [jazz, rock] = [await target('Jazz', 'JAZZ'), await target('Rock', 'ROCK')];
    for (const targetId of [jazz, rock, jazz]) {
      made.push(
        expectStatus(await api.exports.POST('/template-exports', { body: { dataType: 'criteria', targetId } }), 202).id,
      );
    }
    await waitFor(async () => {
      const page = await list({ status: 'completed' });
      return page.total === 3 ? page : undefined;
    }, 'the three exports to complete');
    // One more that stays queued: the queue is paused.
    await exportQueue.pause(false);
    made.push(
      expectStatus(
        await api.exports.POST('/template-exports', { body: { dataType: 'authorizations', targetId: rock } }),
        202,
      ).id,
    );
  });
  afterAll(async () => {
    await exportQueue?.resume(false);
    await exporter?.close();
    await targets?.close();
  });

  it('lists every export of the institution, newest first, with its status and progress', async () => {
    const page = await list({});
    expect(page).toMatchObject({ total: 4, page: 1, pageSize: 50 });
    expect(page.items.map((item) => item.id)).toEqual([...made].reverse());
    expect(page.items[0]).toMatchObject({ status: 'queued', dataType: 'authorizations', targetId: rock });
    expect(page.items[1]).toMatchObject({ status: 'completed', dataType: 'criteria', targetId: jazz, rowCount: 1 });
  });

  it('filters by status and by target, and pages', async () => {
    expect((await list({ status: 'queued' })).items.map((item) => item.id)).toEqual([made[3]]);
    expect((await list({ status: 'completed', targetId: jazz })).items.map((item) => item.id)).toEqual([
      made[2],
      made[0],
    ]);
    expect(await list({ status: 'failed' })).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
    const second = await list({ page: 2, pageSize: 3 });
    expect(second).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(second.items.map((item) => item.id)).toEqual([made[0]]);
    expect((await list({ page: 3, pageSize: 3 })).items).toEqual([]);
  });

  it('reads empty filters, as Swagger UI sends them, as absent', async () => {
    const page = await list({ status: '', targetId: '', page: '', pageSize: '' });
    expect(page).toMatchObject({ total: 4, page: 1, pageSize: 50 });
  });

  it('refuses a wrong filter with a 400 naming it', async () => {
    for (const [query, message] of [
      [{ status: 'done' }, 'status must be one of: queued, running, completed, failed'],
      [{ targetId: 'x' }, 'targetId must be the id of a target'],
      [{ pageSize: 501 }, 'pageSize must be a whole number between 1 and 500'],
    ] as const) {
      const answer = await api.exports.GET('/template-exports', { params: { query: query as never } });
      expect(answer.response.status).toBe(400);
      expect(answer.error?.message).toContain(message);
    }
  });

  it("never shows another institution's exports", async () => {
    expect(expectStatus(await other.exports.GET('/template-exports'), 200)).toEqual({
      items: [],
      total: 0,
      page: 1,
      pageSize: 50,
    });
    const filtered = await other.exports.GET('/template-exports', { params: { query: { targetId: jazz } } });
    expect(expectStatus(filtered, 200).total).toBe(0);
  });
});
