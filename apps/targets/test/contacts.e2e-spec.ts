import type { TargetsClient } from '@app/api-client';
import type { RunningApp } from '../../../test/utils';
import {
  ADMIN_KEY,
  bodyOf,
  createInstitution,
  isolateTestFile,
  letters,
  seed,
  startApp,
  targetsClient,
} from '../../../test/utils';
import { TARGETS_APP, TargetsAppModule } from '../src/targets-app.module';

describe('targets app: institutions, criteria, authorizations, contacts', () => {
  let targets: RunningApp;
  let key: string;
  let otherKey: string;
  /** The clients of the institution the tests work in, and of another one. */
  let mine: TargetsClient;
  let theirs: TargetsClient;

  beforeAll(async () => {
    isolateTestFile();
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    key = (await createInstitution(targets.url)).apiKey;
    otherKey = (await createInstitution(targets.url)).apiKey;
    mine = targetsClient(targets.url, key);
    theirs = targetsClient(targets.url, otherKey);
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
    const body = { code: 'DUP_CHECK', name: 'Dup' };
    expect((await targetsClient(targets.url).POST('/institutions', { body })).response.status).toBe(401);
    const withInstitutionKey = await mine.POST('/institutions', { body });
    expect(withInstitutionKey.response.status).toBe(401);
    expect(bodyOf(withInstitutionKey).code).toBe('UNAUTHORIZED');
    const asAdmin = targetsClient(targets.url, ADMIN_KEY);
    const created = await asAdmin.POST('/institutions', { body });
    expect(created.response.status).toBe(201);
    expect(created.data).toEqual({
      id: expect.any(Number),
      code: 'DUP_CHECK',
      name: 'Dup',
      apiKey: expect.stringMatching(/^cmu_/),
    });
    const again = await asAdmin.POST('/institutions', { body });
    expect(again.response.status).toBe(409);
    expect(bodyOf(again).code).toBe('INSTITUTION_EXISTS');
  });

  it('answers 401 for a missing or wrong key', async () => {
    expect((await targetsClient(targets.url).GET('/criteria')).response.status).toBe(401);
    const wrong = await targetsClient(targets.url, 'cmu_not-a-key').GET('/criteria');
    expect(wrong.response.status).toBe(401);
    expect(wrong.error).toEqual({ statusCode: 401, code: 'UNAUTHORIZED', message: expect.any(String) });
  });

  it('lists criteria with their values, per institution', async () => {
    const res = await mine.GET('/criteria');
    expect(res.response.status).toBe(200);
    const criteria = res.data!;
    expect(criteria.map((c) => c.code)).toEqual(['CITY', 'MUSIC']);
    expect(criteria[1]).toMatchObject({ code: 'MUSIC', multiValued: true });
    expect(criteria[1].values.map((v) => v.code)).toEqual(['007', 'JAZZ', 'POP', 'ROCK']);
    expect((await theirs.GET('/criteria')).data).toEqual([]);

    const city = { params: { path: { code: 'CITY' } } };
    const values = await mine.GET('/criteria/{code}/values', city);
    expect(values.data).toEqual([
      { code: 'LILLE', label: 'Value LILLE', active: true },
      { code: 'PARIS', label: 'Value PARIS', active: true },
    ]);
    expect((await theirs.GET('/criteria/{code}/values', city)).response.status).toBe(404);
  });

  it('adds values to a criterion and refuses duplicates', async () => {
    const addValues = (code: string, body: { code: string; label: string }[]) =>
      mine.POST('/criteria/{code}/values', { params: { path: { code } }, body });
    const added = await addValues('CITY', [{ code: 'ROUBAIX', label: 'Roubaix' }]);
    expect(added.response.status).toBe(201);
    expect(added.data!.map((v) => v.code)).toEqual(['LILLE', 'PARIS', 'ROUBAIX']);
    const dup = await addValues('CITY', [{ code: 'LILLE', label: 'Lille' }]);
    expect(dup.response.status).toBe(409);
    expect(bodyOf(dup).message).toContain('LILLE');
    const bad = await addValues('CITY', [{ code: 'NO SPACES', label: 'x' }]);
    expect(bad.response.status).toBe(400);
    expect((await addValues('NOPE', [{ code: 'A', label: 'a' }])).response.status).toBe(404);
    const dupCriterion = await mine.POST('/criteria', {
      body: { code: 'CITY', label: 'x', multiValued: false, values: [] },
    });
    expect(dupCriterion.response.status).toBe(409);
  });

  it('creates and reads a contact with every code present', async () => {
    const created = await mine.POST('/contacts', {
      body: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@example.org',
        phone: '+442079460000',
        criteria: { MUSIC: ['ROCK', 'JAZZ'] },
        authorizations: { SMS: false, NEWSLETTER: null },
      },
    });
    expect(created.response.status).toBe(201);
    const expected = {
      id: expect.any(Number),
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.org',
      birthDate: null,
      language: null,
      phone: '+442079460000',
      criteria: { CITY: [], MUSIC: ['JAZZ', 'ROCK'] },
      authorizations: { NEWSLETTER: null, SMS: false },
    };
    expect(created.data).toEqual(expected);
    const contact = { params: { path: { id: created.data!.id } } };
    const read = await mine.GET('/contacts/{id}', contact);
    expect(read.data).toEqual(expected);
    const foreign = await theirs.GET('/contacts/{id}', contact);
    expect(foreign.response.status).toBe(404);
    expect(bodyOf(foreign).code).toBe('NOT_FOUND');
  });

  it('keeps a birth date and a language, one by one and in bulk, null when not given', async () => {
    const created = await mine.POST('/contacts', {
      body: { firstName: 'Clara', lastName: 'Haskil', email: '', birthDate: '1895-01-07', language: 'fr' },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ birthDate: '1895-01-07', language: 'fr' });
    const read = await mine.GET('/contacts/{id}', { params: { path: { id: created.data!.id } } });
    expect(read.data).toEqual(created.data);

    const today = new Date().toISOString().slice(0, 10);
    const bulk = await mine.POST('/contacts/bulk', {
      body: [
        { firstName: 'A', lastName: 'Leap', email: '', birthDate: '2000-02-29', language: 'it' },
        { firstName: 'B', lastName: 'Today', email: '', birthDate: today, language: null },
        { firstName: 'C', lastName: 'Unknown', email: '', birthDate: null },
      ],
    });
    expect(bulk.response.status).toBe(201);
    const people = await Promise.all(
      bulk.data!.ids.map(async (id) => (await mine.GET('/contacts/{id}', { params: { path: { id } } })).data),
    );
    expect(people.map((person) => [person!.lastName, person!.birthDate, person!.language])).toEqual([
      ['Leap', '2000-02-29', 'it'],
      ['Today', today, null],
      ['Unknown', null, null],
    ]);
  });

  it.each([
    [{ birthDate: '1980-02-30' }, 'birthDate', '"1980-02-30" is not a possible date'],
    [{ birthDate: '31.12.1980' }, 'birthDate', 'must be written 1980-12-31 (YYYY-MM-DD)'],
    [{ birthDate: '2999-01-01' }, 'birthDate', 'in the future'],
    [{ birthDate: '1700-01-01' }, 'birthDate', '"1700-01-01" is not a possible date'],
    [{ language: 'es' }, 'language', 'fr, en, de, it'],
    [{ language: 'FR' }, 'language', 'must be written fr (one of fr, en, de, it, in lower case)'],
    // The rules of a contacts import: a real e-mail address, names without digits.
    [{ email: 'a@b' }, 'email', 'is not an e-mail address; write it like name@example.org'],
    [{ lastName: 'B2' }, 'lastName', 'contains digits'],
    [{ firstName: '' }, 'firstName', 'is empty; a contact needs a first and a last name'],
    [{ phone: '06 12 34 56 78' }, 'phone', 'is not an international phone number'],
    [{ phone: '+33 6 12 34 56 78' }, 'phone', 'must be written +33612345678'],
  ])('refuses %j, naming %s', async (extra, field, problem) => {
    // `as never`: an unknown language is a body the types refuse on purpose.
    const one = await mine.POST('/contacts', { body: { firstName: 'A', lastName: 'B', email: '', ...extra } as never });
    expect(one.response.status).toBe(400);
    expect(bodyOf(one).code).toBe('VALIDATION_FAILED');
    expect(String(bodyOf(one).message)).toContain(`${field} `);
    expect(String(bodyOf(one).message)).toContain(problem);
    const many = await mine.POST('/contacts/bulk', {
      body: [
        { firstName: 'A', lastName: 'B', email: '' },
        { firstName: 'A', lastName: 'B', email: '', ...extra },
      ] as never,
    });
    expect(many.response.status).toBe(400);
    expect(bodyOf(many).message).toContain(`[1].${field} `);
    expect(bodyOf(many).message).toContain(problem);
  });

  it.each([
    [{ criteria: { NOPE: ['A'] } }, 'UNKNOWN_CRITERION', 'NOPE'],
    [{ criteria: { MUSIC: ['BLUES'] } }, 'UNKNOWN_VALUE_CODE', 'BLUES'],
    [{ criteria: { CITY: ['LILLE', 'PARIS'] } }, 'TOO_MANY_VALUES', 'CITY'],
    [{ authorizations: { FAX: true } }, 'UNKNOWN_AUTHORIZATION', 'FAX'],
    [{ authorizations: { SMS: 'yes' } }, 'INVALID_AUTHORIZATION_VALUE', 'SMS'],
  ])('refuses %j with %s naming the code', async (extra, code, named) => {
    // `as never`: one case ("yes" for an authorization) is a body the types refuse on purpose.
    const res = await mine.POST('/contacts', { body: { firstName: 'A', lastName: 'B', email: '', ...extra } as never });
    expect(res.response.status).toBe(400);
    expect(bodyOf(res).code).toBe(code);
    expect(bodyOf(res).message).toContain(named);
  });

  it('bulk-creates contacts all or nothing, naming the index of a bad one', async () => {
    const contact = (i: number) => ({
      firstName: `F${letters(i)}`,
      lastName: `L${letters(i)}`,
      email: `c${i}@example.org`,
      criteria: { CITY: ['PARIS'] },
      authorizations: { SMS: true },
    });
    const bad = [contact(0), contact(1), { ...contact(2), criteria: { MUSIC: ['NOPE'] } }];
    const refused = await mine.POST('/contacts/bulk', { body: bad });
    expect(refused.response.status).toBe(400);
    expect(bodyOf(refused).message).toMatch(/^\[2\]\.criteria\.MUSIC: NOPE/);
    // A contact without lastName and email, which the types refuse.
    const invalid = await mine.POST('/contacts/bulk', { body: [contact(0), { firstName: 'x' }] as never });
    expect(invalid.response.status).toBe(400);
    expect(bodyOf(invalid).message).toContain('[1]');
    expect((await mine.POST('/contacts/bulk', { body: [] })).response.status).toBe(400);

    const { contactIds } = await seed(targets.url, key, {
      contacts: Array.from({ length: 10000 }, (_, i) => contact(i)),
    });
    expect(contactIds).toHaveLength(10000);
    expect(new Set(contactIds).size).toBe(10000);
    for (const index of [0, 4321, 9999]) {
      const read = await mine.GET('/contacts/{id}', { params: { path: { id: contactIds[index] } } });
      expect(read.data).toMatchObject({
        firstName: `F${letters(index)}`,
        criteria: { CITY: ['PARIS'], MUSIC: [] },
        authorizations: { SMS: true, NEWSLETTER: null },
      });
    }
  });
});
