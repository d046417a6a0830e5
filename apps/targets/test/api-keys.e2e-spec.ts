import type { RunningApp } from '../../../test/utils';
import {
  ADMIN_KEY,
  bodyOf,
  createInstitution,
  isolateTestFile,
  startApp,
  targetsClient,
  waitFor,
} from '../../../test/utils';
import { TARGETS_APP, TargetsAppModule } from '../src/targets-app.module';

describe('targets app: API keys of an institution', () => {
  let targets: RunningApp;

  beforeAll(async () => {
    isolateTestFile();
    targets = await startApp(TargetsAppModule, TARGETS_APP);
  });
  afterAll(() => targets.close());

  const client = (key?: string) => targetsClient(targets.url, key);

  it('creates a second key that works beside the first, lists both without the keys, and revokes one', async () => {
    const { apiKey: first } = await createInstitution(targets.url);
    const created = await client(first).POST('/api-keys', { body: { name: ' crm-sync ' } });
    expect(created.response.status).toBe(201);
    expect(created.data).toEqual({ id: expect.any(Number), name: 'crm-sync', apiKey: expect.stringMatching(/^cmu_/) });
    const second = created.data!.apiKey;

    const listed = await client(second).GET('/api-keys');
    expect(listed.response.status).toBe(200);
    expect(listed.data!.map(({ id, name }) => ({ id, name }))).toEqual([
      { id: expect.any(Number), name: 'first key' },
      { id: created.data!.id, name: 'crm-sync' },
    ]);
    expect(listed.data!.every((key) => Date.parse(key.createdAt) > Date.now() - 60_000)).toBe(true);
    expect(JSON.stringify(listed.data)).not.toContain('cmu_');
    const [firstKey] = listed.data!;

    // Both keys act for the same institution.
    expect((await client(first).POST('/authorizations', { body: { code: 'SMS', label: 'SMS' } })).response.status).toBe(
      201,
    );
    expect((await client(second).GET('/authorizations')).data!.map((a) => a.code)).toEqual(['SMS']);

    const revoked = await client(second).DELETE('/api-keys/{id}', { params: { path: { id: firstKey.id } } });
    expect(revoked.response.status).toBe(204);
    const refused = await client(first).GET('/authorizations');
    expect(refused.response.status).toBe(401);
    expect(bodyOf(refused)).toMatchObject({ code: 'UNAUTHORIZED', message: 'Unknown API key' });
    expect((await client(second).GET('/api-keys')).data!.map((k) => k.name)).toEqual(['crm-sync']);
  });

  it('refuses to revoke the last key (409), but revokes the key of the request when another remains', async () => {
    const { apiKey } = await createInstitution(targets.url);
    const [only] = (await client(apiKey).GET('/api-keys')).data!;
    const last = await client(apiKey).DELETE('/api-keys/{id}', { params: { path: { id: only.id } } });
    expect(last.response.status).toBe(409);
    expect(bodyOf(last).code).toBe('LAST_API_KEY');
    expect(bodyOf(last).message).toContain('create another one (POST /api-keys) before revoking it');

    const next = (await client(apiKey).POST('/api-keys', { body: { name: 'rotation' } })).data!;
    const self = await client(apiKey).DELETE('/api-keys/{id}', { params: { path: { id: only.id } } });
    expect(self.response.status).toBe(204);
    expect((await client(apiKey).GET('/api-keys')).response.status).toBe(401);
    expect((await client(next.apiKey).GET('/api-keys')).data!.map((k) => k.id)).toEqual([next.id]);
  });

  it("never shows or revokes another institution's keys", async () => {
    const mine = await createInstitution(targets.url);
    const theirs = await createInstitution(targets.url);
    const extra = (await client(theirs.apiKey).POST('/api-keys', { body: { name: 'theirs' } })).data!;
    expect((await client(mine.apiKey).GET('/api-keys')).data!.map((k) => k.name)).toEqual(['first key']);
    const revoke = await client(mine.apiKey).DELETE('/api-keys/{id}', { params: { path: { id: extra.id } } });
    expect(revoke.response.status).toBe(404);
    expect(bodyOf(revoke).code).toBe('NOT_FOUND');
    expect((await client(extra.apiKey).GET('/api-keys')).response.status).toBe(200);
  });

  it('refuses an empty or too long name', async () => {
    const { apiKey } = await createInstitution(targets.url);
    for (const name of ['', '   ', 'x'.repeat(101)]) {
      const refused = await client(apiKey).POST('/api-keys', { body: { name } });
      expect(refused.response.status).toBe(400);
      expect(bodyOf(refused).code).toBe('VALIDATION_FAILED');
    }
  });

  it('shows when each key was last used (null until then)', async () => {
    const { apiKey } = await createInstitution(targets.url);
    const added = (await client(apiKey).POST('/api-keys', { body: { name: 'not used yet' } })).data!;
    const lastUsed = async () =>
      (await client(apiKey).GET('/api-keys')).data!.find((key) => key.id === added.id)!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    expect((await client(added.apiKey).GET('/authorizations')).response.status).toBe(200);
    const used = await waitFor(async () => (await lastUsed()) ?? undefined, 'the lastUsedAt of the key just used');
    expect(Date.parse(used)).not.toBeNaN();
  });

  it("answers the admin key on an institution's operation with what it is for, not as an unknown key", async () => {
    const refused = await client(ADMIN_KEY).GET('/api-keys');
    expect(refused.response.status).toBe(401);
    expect(bodyOf(refused).code).toBe('UNAUTHORIZED');
    expect(bodyOf(refused).message).toBe(
      "This operation needs an institution's API key: the admin key only creates institutions (POST /institutions answers the new institution's key)",
    );
    const unknown = await client('cmu_not-a-key').GET('/api-keys');
    expect(bodyOf(unknown).message).toBe('Unknown API key');
  });
});
