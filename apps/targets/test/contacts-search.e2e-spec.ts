import type { TargetsClient, TargetsPaths } from '@app/api-client';
import type { RunningApp } from '../../../test/utils';
import { bodyOf, createInstitution, isolateTestFile, seed, startApp, targetsClient } from '../../../test/utils';
import { TARGETS_APP, TargetsAppModule } from '../src/targets-app.module';

/** A search's query; a test sends some values the types refuse, as a browser may (cast). */
type Query = NonNullable<TargetsPaths['/contacts']['get']['parameters']['query']>;

describe('targets app: GET /contacts finds contacts by e-mail or name, a page at a time', () => {
  let targets: RunningApp;
  let mine: TargetsClient;
  let theirs: TargetsClient;
  let ids: number[];

  const contacts = [
    { firstName: 'Ana', lastName: 'Martin', email: 'Ana.Martin@Example.org' },
    { firstName: 'Paul', lastName: 'Martinez', email: 'paul@example.org' },
    { firstName: 'Élodie', lastName: 'Dupont', email: 'elodie@example.net' },
    { firstName: 'Marc', lastName: 'Durand', email: 'marc_100%@example.org' },
    { firstName: 'Zoë', lastName: 'Marchand', email: '' },
  ];

  beforeAll(async () => {
    isolateTestFile();
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    const [me, other] = [await createInstitution(targets.url), await createInstitution(targets.url)];
    mine = targetsClient(targets.url, me.apiKey);
    theirs = targetsClient(targets.url, other.apiKey);
    ({ contactIds: ids } = await seed(targets.url, me.apiKey, { contacts }));
    // The other institution has a contact of the same name and e-mail: never in our answers, nor ours in theirs.
    await seed(targets.url, other.apiKey, { contacts: [contacts[0]] });
  });
  afterAll(() => targets.close());

  const search = (query: Query, client = mine) => client.GET('/contacts', { params: { query } });
  const found = async (query: Query, client = mine) => {
    const result = await search(query, client);
    expect(result.response.status).toBe(200);
    return result.data!;
  };
  const idsOf = async (query: Query, client = mine) => (await found(query, client)).items.map((contact) => contact.id);

  it('finds a contact by its exact e-mail, whatever the case and surrounding spaces', async () => {
    expect(await found({ email: '  ana.martin@EXAMPLE.org ' })).toEqual({
      items: [{ id: ids[0], firstName: 'Ana', lastName: 'Martin', email: 'Ana.Martin@Example.org' }],
      total: 1,
      page: 1,
      pageSize: 50,
    });
    expect(await idsOf({ email: 'ana.martin@example' })).toEqual([]);
    expect(await idsOf({ email: 'nobody@example.org' })).toEqual([]);
  });

  it('finds contacts whose first name, last name or e-mail starts with each word of q', async () => {
    expect(await idsOf({ q: 'mart' })).toEqual([ids[0], ids[1]]);
    expect(await idsOf({ q: 'MAR' })).toEqual([ids[0], ids[1], ids[3], ids[4]]);
    expect(await idsOf({ q: 'ana mart' })).toEqual([ids[0]]);
    expect(await idsOf({ q: 'paul@' })).toEqual([ids[1]]);
    expect(await idsOf({ q: 'elodie' })).toEqual([ids[2]]);
    expect(await idsOf({ q: 'artin' })).toEqual([]);
    // % and _ are letters of the search, not wildcards.
    expect(await idsOf({ q: 'marc_100%' })).toEqual([ids[3]]);
    expect(await idsOf({ q: '%' })).toEqual([]);
    expect(await idsOf({ q: 'm_rc' })).toEqual([]);
    expect(await idsOf({ q: 'mart', email: 'paul@example.org' })).toEqual([ids[1]]);
  });

  it('pages by id, with the total on every page', async () => {
    const first = await found({ pageSize: 2 });
    expect(first).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(first.items.map((c) => c.id)).toEqual([ids[0], ids[1]]);
    expect(await found({ pageSize: 2, page: 3 })).toMatchObject({ total: 5, page: 3, items: [{ id: ids[4] }] });
    expect(await found({ pageSize: 2, page: 4 })).toEqual({ items: [], total: 5, page: 4, pageSize: 2 });
  });

  it('takes an empty field (as Swagger UI sends one) as absent', async () => {
    expect(await found({ email: '', q: '', page: '' as never, pageSize: '' as never })).toMatchObject({
      total: 5,
      page: 1,
      pageSize: 50,
    });
  });

  it('refuses a bad page or page size with a message naming it', async () => {
    for (const [query, message] of [
      [{ page: 0 }, 'page must be a whole number between 1 and 1000000'],
      [{ pageSize: 501 }, 'pageSize must be a whole number between 1 and 500'],
      [{ pageSize: 'ten' as never }, 'pageSize must be a whole number between 1 and 500'],
      [{ q: 'x'.repeat(101) }, 'q must be shorter than or equal to 100 characters'],
    ] as const) {
      const refused = await search(query);
      expect(refused.response.status).toBe(400);
      expect(bodyOf(refused).code).toBe('VALIDATION_FAILED');
      expect(bodyOf(refused).message).toContain(message);
    }
  });

  it("never answers another institution's contacts", async () => {
    const theirsFound = await found({ email: 'ana.martin@example.org' }, theirs);
    expect(theirsFound.total).toBe(1);
    expect(ids).not.toContain(theirsFound.items[0].id);
    expect((await found({}, theirs)).total).toBe(1);
    expect(await idsOf({ q: 'paul' }, theirs)).toEqual([]);
  });
});
