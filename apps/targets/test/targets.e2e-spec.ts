import fc from 'fast-check';
import type { TargetsClient } from '@app/api-client';
import type { ClientResult, ContactInput, RunningApp } from '../../../test/utils';
import {
  bodyOf,
  createInstitution,
  expectStatus,
  isolateTestFile,
  seed,
  startApp,
  targetsClient,
} from '../../../test/utils';
import type { Rule } from '@app/targeting';
import { TARGETS_APP, TargetsAppModule } from '../src/targets-app.module';

/** A small seeded PRNG (mulberry32): the data is random but the same at every run. */
function prng(seedValue: number): () => number {
  let state = seedValue >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MUSIC = ['JAZZ', 'ROCK', 'POP', 'CLASSICAL', '007'];
const CITY = ['LILLE', 'PARIS', 'LYON', 'NANTES'];
const AUTHORIZATIONS = ['NEWSLETTER', 'SMS', 'PARTNER'];
const FIRST_NAMES = ['Anne', 'Bernard', 'Claire', 'Denis', 'Eva', 'Hugo', 'Ines', 'Jules', 'Lea', 'Marc'];
const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Durand',
  'Lefebvre',
  'Moreau',
  'Laurent',
  'Simon',
  'Michel',
  'Garcia',
];
const DOMAINS = ['example.org', 'mail.test', 'corp.example'];
// SQL-looking text and LIKE wildcards, without digits: names hold none.
const TRICKY_LAST_NAMES = [
  "x' OR a=a --",
  'Cent% Pure',
  'Cent Pure',
  'under_score',
  'underXscore',
  'back\\slash',
  'backslash',
];

function generateContacts(count: number, random: () => number): ContactInput[] {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const contacts: ContactInput[] = [];
  for (let i = 0; i < count; i++) {
    const firstName = pick(FIRST_NAMES);
    const lastName = i < TRICKY_LAST_NAMES.length ? TRICKY_LAST_NAMES[i] : pick(LAST_NAMES);
    const criteria: Record<string, string[]> = {};
    const music = MUSIC.filter(() => random() < 0.3);
    if (music.length || random() < 0.5) criteria.MUSIC = music;
    if (random() < 0.8) criteria.CITY = [pick(CITY)];
    const authorizations: Record<string, boolean | null> = {};
    for (const code of AUTHORIZATIONS) {
      const roll = random();
      if (roll < 0.35) authorizations[code] = true;
      else if (roll < 0.7) authorizations[code] = false;
      else if (roll < 0.85) authorizations[code] = null;
    }
    contacts.push({
      firstName,
      lastName,
      email: `${firstName.toLowerCase()}.${i}@${pick(DOMAINS)}`,
      criteria,
      authorizations,
    });
  }
  return contacts;
}

/** The rule semantics, evaluated in memory on the data the test created (case-insensitive like the collation). */
function matches(rule: Rule, contact: ContactInput): boolean {
  if ('all' in rule) return rule.all.every((r) => matches(r, contact));
  if ('any' in rule) return rule.any.some((r) => matches(r, contact));
  if ('not' in rule) return !matches(rule.not, contact);
  if ('criterion' in rule) {
    const held = contact.criteria?.[rule.criterion] ?? [];
    return 'empty' in rule ? held.length === 0 : held.some((code) => rule.in.includes(code));
  }
  if ('authorization' in rule) return (contact.authorizations?.[rule.authorization] ?? null) === rule.is;
  const value = contact[rule.field].toLowerCase();
  if (rule.equals !== undefined) return value === rule.equals.toLowerCase();
  if (rule.contains !== undefined) return value.includes(rule.contains.toLowerCase());
  return value.startsWith((rule.startsWith ?? '').toLowerCase());
}

const ruleArbitrary: fc.Arbitrary<Rule> = fc.letrec<{ rule: Rule }>((tie) => ({
  rule: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      criterion: fc.constant('MUSIC'),
      in: fc.uniqueArray(fc.constantFrom(...MUSIC), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({
      criterion: fc.constant('CITY'),
      in: fc.uniqueArray(fc.constantFrom(...CITY), { minLength: 1, maxLength: 2 }),
    }),
    fc.record({ criterion: fc.constantFrom('MUSIC', 'CITY'), empty: fc.constant(true as const) }),
    fc.record({ authorization: fc.constantFrom(...AUTHORIZATIONS), is: fc.constantFrom(true, false, null) }),
    fc.record({ field: fc.constant('firstName' as const), startsWith: fc.constantFrom('a', 'C', 'ma', 'Je') }),
    fc.record({ field: fc.constant('email' as const), contains: fc.constantFrom('example', '.1', 'mail.test') }),
    fc.record({ all: fc.array(tie('rule'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('rule'), { maxLength: 3 }) }),
    fc.record({ not: tie('rule') }),
  ) as fc.Arbitrary<Rule>,
})).rule;

describe('targets app: dynamic targets', () => {
  let targets: RunningApp;
  let key: string;
  let otherKey: string;
  let contacts: ContactInput[];
  let contactIds: number[];
  /** The clients of the institution the tests work in, and of another one. */
  let mine: TargetsClient;
  let theirs: TargetsClient;

  /** POST /targets as this institution; the invalid-rule cases cast their rule `as never`. */
  const createTarget = (rule: Rule) => mine.POST('/targets', { body: { name: 'T', rule } });
  /** The path parameters of a target or contact. */
  const byId = (id: number) => ({ params: { path: { id } } });
  const expectPreview = async (rule: Rule) => {
    const created = await createTarget(rule);
    expect(created.response.status).toBe(201);
    const preview = await mine.GET('/targets/{id}/preview', byId(created.data!.id));
    expect(preview.response.status).toBe(200);
    const { count, sample } = preview.data!;
    const expectedIds = contactIds.filter((_, index) => matches(rule, contacts[index]));
    expect({ rule, count }).toEqual({ rule, count: expectedIds.length });
    expect(sample.map((c) => c.id)).toEqual(expectedIds.slice(0, 10));
    return preview.data!;
  };

  beforeAll(async () => {
    isolateTestFile();
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    key = (await createInstitution(targets.url)).apiKey;
    otherKey = (await createInstitution(targets.url)).apiKey;
    mine = targetsClient(targets.url, key);
    theirs = targetsClient(targets.url, otherKey);
    const random = prng(20260126);
    contacts = generateContacts(2000, random);
    const spec = {
      criteria: [
        { code: 'MUSIC', multiValued: true, values: MUSIC },
        { code: 'CITY', multiValued: false, values: CITY },
      ],
      authorizations: AUTHORIZATIONS,
    };
    ({ contactIds } = await seed(targets.url, key, { ...spec, contacts }));
    // The other institution has the same codes and similar contacts: none of them may be counted.
    await seed(targets.url, otherKey, {
      ...spec,
      criteria: [...spec.criteria, { code: 'ONLY_OTHER', multiValued: false, values: ['X'] }],
      contacts: generateContacts(300, random),
    });
  });
  afterAll(() => targets.close());

  it('creates, reads, lists, updates and deletes a target', async () => {
    const rule = { all: [{ criterion: 'MUSIC', in: ['JAZZ'] }] };
    const created = await createTarget(rule);
    expect(created.response.status).toBe(201);
    expect(created.data).toEqual({ id: expect.any(Number), name: 'T', rule });
    const id = byId(created.data!.id);
    expect((await mine.GET('/targets/{id}', id)).data).toEqual(created.data);
    expect((await mine.GET('/targets')).data).toContainEqual(created.data);

    const updated = await mine.PUT('/targets/{id}', {
      ...id,
      body: { name: 'Renamed', rule: { authorization: 'SMS', is: null } },
    });
    expect(updated.response.status).toBe(200);
    expect(updated.data).toEqual({ id: created.data!.id, name: 'Renamed', rule: { authorization: 'SMS', is: null } });
    expect((await mine.GET('/targets/{id}', id)).data!.name).toBe('Renamed');

    const badUpdate = await mine.PUT('/targets/{id}', {
      ...id,
      body: { name: 'Broken', rule: { criterion: 'NOPE', empty: true } },
    });
    expect(badUpdate.response.status).toBe(400);
    expect((await mine.GET('/targets/{id}', id)).data!.name).toBe('Renamed');

    expect((await mine.DELETE('/targets/{id}', id)).response.status).toBe(204);
    expect((await mine.GET('/targets/{id}', id)).response.status).toBe(404);
    expect((await mine.DELETE('/targets/{id}', id)).response.status).toBe(404);
  });

  it.each<[string, Rule]>([
    ['every contact', { all: [] }],
    ['no contact', { any: [] }],
    ['a multi-valued criterion in values', { criterion: 'MUSIC', in: ['JAZZ', 'ROCK'] }],
    ['a code that looks like a number', { criterion: 'MUSIC', in: ['007'] }],
    ['a single-valued criterion', { criterion: 'CITY', in: ['LILLE'] }],
    ['an empty criterion', { criterion: 'CITY', empty: true }],
    ['an empty multi-valued criterion', { criterion: 'MUSIC', empty: true }],
    ['an authorization true', { authorization: 'NEWSLETTER', is: true }],
    ['an authorization false', { authorization: 'SMS', is: false }],
    ['an authorization never answered', { authorization: 'PARTNER', is: null }],
    ['a field equal (case-insensitive)', { field: 'firstName', equals: 'anne' }],
    ['a field containing', { field: 'lastName', contains: 'er' }],
    ['a field starting with', { field: 'email', startsWith: 'cla' }],
    ['not', { not: { criterion: 'CITY', in: ['PARIS', 'LYON'] } }],
    [
      'a nested combination',
      {
        all: [
          {
            any: [
              { criterion: 'MUSIC', in: ['POP'] },
              { authorization: 'SMS', is: true },
            ],
          },
          { not: { criterion: 'CITY', empty: true } },
          { not: { field: 'email', contains: 'mail.test' } },
        ],
      },
    ],
  ])('previews %s with the count computed from the data', async (_, rule) => {
    await expectPreview(rule);
  });

  it('previews random rule trees with the counts computed from the data', async () => {
    const rules = fc.sample(ruleArbitrary, { seed: 4242, numRuns: 30 });
    for (const rule of rules) await expectPreview(rule);
  });

  it('matches SQL-looking text and LIKE wildcards as plain text', async () => {
    const lastNames = async (rule: Rule) =>
      (await expectPreview(rule)).sample.map((c: { lastName: string }) => c.lastName);
    expect(await lastNames({ field: 'lastName', equals: "x' OR a=a --" })).toEqual(["x' OR a=a --"]);
    expect(await lastNames({ field: 'lastName', contains: "' OR a=a --" })).toEqual(["x' OR a=a --"]);
    expect(await lastNames({ field: 'lastName', contains: '%' })).toEqual(['Cent% Pure']);
    expect(await lastNames({ field: 'lastName', contains: '_' })).toEqual(['under_score']);
    expect(await lastNames({ field: 'lastName', contains: '\\' })).toEqual(['back\\slash']);
    expect(await lastNames({ field: 'lastName', startsWith: 'Cent%' })).toEqual(['Cent% Pure']);
    expect((await expectPreview({ field: 'firstName', equals: "' OR '1'='1" })).count).toBe(0);
  });

  it('answers 404 for every read or write of another institution’s target, contact or criterion', async () => {
    const created = expectStatus(await createTarget({ all: [] }), 201);
    const id = byId(created.id);
    const contact = byId(contactIds[0]);
    const foreignCalls: [string, () => Promise<ClientResult>][] = [
      ['GET /targets/{id}', () => theirs.GET('/targets/{id}', id)],
      ['GET /targets/{id}/preview', () => theirs.GET('/targets/{id}/preview', id)],
      ['DELETE /targets/{id}', () => theirs.DELETE('/targets/{id}', id)],
      ['GET /contacts/{id}', () => theirs.GET('/contacts/{id}', contact)],
    ];
    for (const [operation, call] of foreignCalls) {
      const res = await call();
      expect({ operation, status: res.response.status, code: bodyOf(res)?.code }).toEqual({
        operation,
        status: 404,
        code: 'NOT_FOUND',
      });
    }
    const put = await theirs.PUT('/targets/{id}', { ...id, body: { name: 'Stolen', rule: { all: [] } } });
    expect(put.response.status).toBe(404);
    expect((await theirs.GET('/targets')).data!.map((t) => t.id)).not.toContain(created.id);
    expect(
      (await mine.GET('/criteria/{code}/values', { params: { path: { code: 'ONLY_OTHER' } } })).response.status,
    ).toBe(404);
    // A code of the other institution is unknown here.
    const foreignCode = await createTarget({ criterion: 'ONLY_OTHER', in: ['X'] });
    expect(foreignCode.response.status).toBe(400);
    expect(bodyOf(foreignCode).code).toBe('UNKNOWN_CODE');
    expect((await mine.GET('/targets/{id}', id)).data!.name).toBe('T');
  });

  it.each<[string, unknown, string]>([
    ['a non-object rule', 'everyone', 'rule must be an object'],
    [
      'a rule without a known key',
      { everyone: true },
      'rule: key "everyone" is not one of: all, any, not, criterion, authorization, field',
    ],
    [
      'an empty "in" list',
      {
        all: [
          { authorization: 'SMS', is: true },
          { criterion: 'MUSIC', in: [] },
        ],
      },
      'rule.all[1].in must be a non-empty array',
    ],
    [
      'both "in" and "empty"',
      { criterion: 'MUSIC', in: ['JAZZ'], empty: true },
      'rule must have either "in" or "empty"',
    ],
    ['a bad tri-state', { any: [{ authorization: 'SMS', is: 'yes' }] }, 'rule.any[0].is must be true, false or null'],
    [
      'an unknown field',
      { not: { field: 'phone', equals: '1' } },
      'rule.not.field: field "phone" is not one of: firstName, lastName, email',
    ],
    [
      'two operators',
      { field: 'email', equals: 'a', contains: 'b' },
      'rule must have exactly one of equals, contains, startsWith',
    ],
    ['mixed kinds', { criterion: 'MUSIC', authorization: 'SMS' }, 'rule mixes criterion and authorization'],
    [
      'a password field',
      { field: 'password', equals: 'x' },
      'rule.field: field "password" is not one of: firstName, lastName, email',
    ],
    [
      'an unknown operator',
      { field: 'email', like: 'x%' },
      'rule.like: key "like" is not one of: field, equals, contains, startsWith',
    ],
    ['an extra key', { all: [], name: 'x' }, 'rule.name: key "name" is not one of: all'],
  ])('refuses %s with INVALID_RULE naming the path', async (_, rule, message) => {
    const res = await createTarget(rule as never);
    expect(res.response.status).toBe(400);
    expect(bodyOf(res).code).toBe('INVALID_RULE');
    expect(bodyOf(res).message).toContain(message);
  });

  it.each<[string, Rule, string]>([
    [
      'criterion',
      { all: [{ criterion: 'MOOD', in: ['HAPPY'] }] },
      'rule.all[0].criterion: unknown criterion code MOOD',
    ],
    ['value', { criterion: 'MUSIC', in: ['JAZZ', 'BLUES'] }, 'rule.in[1]: BLUES is not a value of criterion MUSIC'],
    [
      'authorization',
      { not: { authorization: 'FAX', is: true } },
      'rule.not.authorization: unknown authorization code FAX',
    ],
  ])('refuses an unknown %s code with UNKNOWN_CODE naming it', async (_, rule, message) => {
    const res = await createTarget(rule);
    expect(res.response.status).toBe(400);
    expect(bodyOf(res).code).toBe('UNKNOWN_CODE');
    expect(bodyOf(res).message).toContain(message);
  });

  it('requires a name and a rule, and a key', async () => {
    // A body without its rule and an id that is not a number: what the types refuse, on purpose.
    const res = await mine.POST('/targets', { body: { name: 'No rule' } as never });
    expect(res.response.status).toBe(400);
    expect(bodyOf(res).message).toContain('rule is required');
    expect((await targetsClient(targets.url).GET('/targets')).response.status).toBe(401);
    expect((await targetsClient(targets.url, 'wrong').GET('/targets')).response.status).toBe(401);
    expect((await mine.GET('/targets/{id}', byId('abc' as never))).response.status).toBe(400);
  });
});
