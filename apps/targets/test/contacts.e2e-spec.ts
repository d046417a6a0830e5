import { ADMIN_KEY, createInstitution, http, isolateTestFile, RunningApp, seed, startApp } from '../../../test/utils';
import { TARGETS_APP, TargetsAppModule } from '../src/targets-app.module';

describe('targets app: institutions, criteria, authorizations, contacts', () => {
  let targets: RunningApp;
  let key: string;
  let otherKey: string;

  beforeAll(async () => {
    isolateTestFile();
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    key = (await createInstitution(targets.url)).apiKey;
    otherKey = (await createInstitution(targets.url)).apiKey;
    await seed(targets.url, key, {
      criteria: [
        { code: 'MUSIC', multiValued: true, values: ['JAZZ', 'ROCK', 'POP', '007'] },
        { code: 'CITY', multiValued: false, values: ['LILLE', 'PARIS'] },
      ],
      authorizations: ['NEWSLETTER', 'SMS'],
      contacts: [],
    });
  });
  afterAll(() => targets.close());

  it('needs the admin key to create an institution, and refuses a duplicate code', async () => {
    const json = { code: 'DUP_CHECK', name: 'Dup' };
    expect((await http('POST', `${targets.url}/institutions`, { json })).status).toBe(401);
    const withInstitutionKey = await http('POST', `${targets.url}/institutions`, { key, json });
    expect(withInstitutionKey.status).toBe(401);
    expect(withInstitutionKey.body.code).toBe('UNAUTHORIZED');
    const created = await http('POST', `${targets.url}/institutions`, { key: ADMIN_KEY, json });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(Number), code: 'DUP_CHECK', name: 'Dup', apiKey: expect.stringMatching(/^cmu_/) });
    const again = await http('POST', `${targets.url}/institutions`, { key: ADMIN_KEY, json });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INSTITUTION_EXISTS');
  });

  it('answers 401 for a missing or wrong key', async () => {
    expect((await http('GET', `${targets.url}/criteria`)).status).toBe(401);
    const wrong = await http('GET', `${targets.url}/criteria`, { key: 'cmu_not-a-key' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ statusCode: 401, code: 'UNAUTHORIZED', message: expect.any(String) });
  });

  it('lists criteria with their values, per institution', async () => {
    const res = await http('GET', `${targets.url}/criteria`, { key });
    expect(res.status).toBe(200);
    expect(res.body.map((c: { code: string }) => c.code)).toEqual(['CITY', 'MUSIC']);
    expect(res.body[1]).toMatchObject({ code: 'MUSIC', multiValued: true });
    expect(res.body[1].values.map((v: { code: string }) => v.code)).toEqual(['007', 'JAZZ', 'POP', 'ROCK']);
    expect((await http('GET', `${targets.url}/criteria`, { key: otherKey })).body).toEqual([]);

    const values = await http('GET', `${targets.url}/criteria/CITY/values`, { key });
    expect(values.body).toEqual([
      { code: 'LILLE', label: 'Value LILLE', active: true },
      { code: 'PARIS', label: 'Value PARIS', active: true },
    ]);
    expect((await http('GET', `${targets.url}/criteria/CITY/values`, { key: otherKey })).status).toBe(404);
  });

  it('adds values to a criterion and refuses duplicates', async () => {
    const added = await http('POST', `${targets.url}/criteria/CITY/values`, { key, json: [{ code: 'ROUBAIX', label: 'Roubaix' }] });
    expect(added.status).toBe(201);
    expect(added.body.map((v: { code: string }) => v.code)).toEqual(['LILLE', 'PARIS', 'ROUBAIX']);
    const dup = await http('POST', `${targets.url}/criteria/CITY/values`, { key, json: [{ code: 'LILLE', label: 'Lille' }] });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toContain('LILLE');
    const bad = await http('POST', `${targets.url}/criteria/CITY/values`, { key, json: [{ code: 'NO SPACES', label: 'x' }] });
    expect(bad.status).toBe(400);
    expect((await http('POST', `${targets.url}/criteria/NOPE/values`, { key, json: [{ code: 'A', label: 'a' }] })).status).toBe(404);
    const dupCriterion = await http('POST', `${targets.url}/criteria`, { key, json: { code: 'CITY', label: 'x', multiValued: false, values: [] } });
    expect(dupCriterion.status).toBe(409);
  });

  it('creates and reads a contact with every code present', async () => {
    const created = await http('POST', `${targets.url}/contacts`, {
      key,
      json: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.org', criteria: { MUSIC: ['ROCK', 'JAZZ'] }, authorizations: { SMS: false, NEWSLETTER: null } },
    });
    expect(created.status).toBe(201);
    const expected = {
      id: expect.any(Number),
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.org',
      criteria: { CITY: [], MUSIC: ['JAZZ', 'ROCK'] },
      authorizations: { NEWSLETTER: null, SMS: false },
    };
    expect(created.body).toEqual(expected);
    const read = await http('GET', `${targets.url}/contacts/${created.body.id}`, { key });
    expect(read.body).toEqual(expected);
    const foreign = await http('GET', `${targets.url}/contacts/${created.body.id}`, { key: otherKey });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('NOT_FOUND');
  });

  it.each([
    [{ criteria: { NOPE: ['A'] } }, 'UNKNOWN_CRITERION', 'NOPE'],
    [{ criteria: { MUSIC: ['BLUES'] } }, 'UNKNOWN_VALUE_CODE', 'BLUES'],
    [{ criteria: { CITY: ['LILLE', 'PARIS'] } }, 'TOO_MANY_VALUES', 'CITY'],
    [{ authorizations: { FAX: true } }, 'UNKNOWN_AUTHORIZATION', 'FAX'],
    [{ authorizations: { SMS: 'yes' } }, 'INVALID_AUTHORIZATION_VALUE', 'SMS'],
  ])('refuses %j with %s naming the code', async (extra, code, named) => {
    const res = await http('POST', `${targets.url}/contacts`, { key, json: { firstName: 'A', lastName: 'B', email: '', ...extra } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    expect(res.body.message).toContain(named);
  });

  it('bulk-creates contacts all or nothing, naming the index of a bad one', async () => {
    const contact = (i: number) => ({ firstName: `F${i}`, lastName: `L${i}`, email: `c${i}@example.org`, criteria: { CITY: ['PARIS'] }, authorizations: { SMS: true } });
    const bad = [contact(0), contact(1), { ...contact(2), criteria: { MUSIC: ['NOPE'] } }];
    const refused = await http('POST', `${targets.url}/contacts/bulk`, { key, json: bad });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/^\[2\]\.criteria\.MUSIC: NOPE/);
    const invalid = await http('POST', `${targets.url}/contacts/bulk`, { key, json: [contact(0), { firstName: 'x' }] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toContain('[1]');
    expect((await http('POST', `${targets.url}/contacts/bulk`, { key, json: [] })).status).toBe(400);

    const { contactIds } = await seed(targets.url, key, { contacts: Array.from({ length: 10000 }, (_, i) => contact(i)) });
    expect(contactIds).toHaveLength(10000);
    expect(new Set(contactIds).size).toBe(10000);
    for (const index of [0, 4321, 9999]) {
      const read = await http('GET', `${targets.url}/contacts/${contactIds[index]}`, { key });
      expect(read.body).toMatchObject({ firstName: `F${index}`, criteria: { CITY: ['PARIS'], MUSIC: [] }, authorizations: { SMS: true, NEWSLETTER: null } });
    }
  });
});
