import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { templateHeader } from '@app/csv-schema';
import type { ClientResult, Clients, RunningApp } from '../utils';
import {
  ADMIN_KEY,
  bodyOf,
  clientsFor,
  createInstitution,
  expectStatus,
  isolateTestFile,
  letters,
  rawBody,
  seed,
  startApp,
  waitFor,
} from '../utils';
import { TARGETS_APP, TargetsAppModule } from '../../apps/targets/src/targets-app.module';
import {
  TEMPLATE_EXPORT_APP,
  TemplateExportAppModule,
} from '../../apps/template-export/src/template-export-app.module';
import { IMPORT_APP, ImportAppModule } from '../../apps/import/src/import-app.module';
import { NOTIFICATIONS_APP, NotificationsAppModule } from '../../apps/notifications/src/notifications-app.module';
import { ImportsService } from '../../apps/import/src/imports.service';
import { csvBytes, report, runImport } from '../../apps/import/test/import-helpers';

/**
 * Every operation of every app, enumerated from openapi/*.json and each running app's /docs-json
 * (a new endpoint is swept without editing this file, unless it takes a body the sweep cannot guess):
 * 401 without a key or with a wrong one; 404 (or nothing of theirs) with another institution's key and
 * this institution's ids; error bodies without stack traces or SQL; JSON bodies over the limit -> 413.
 */
interface Operation {
  app: string;
  method: string;
  path: string;
  isPublic: boolean;
  params: string[];
  json: boolean;
  multipart: boolean;
}

const ERROR_KEYS = new Set(['statusCode', 'code', 'message', 'details']);
const LEAK =
  /\bat .+:\d+:\d+|\bSELECT\b|\bINSERT\b|\bUPDATE\s+\w+\s+SET\b|\bER_[A-Z_]+|QueryFailedError|sqlMessage|node_modules|\.ts:\d+/;

function expectCleanError(res: ClientResult, what: string) {
  const body = bodyOf(res);
  expect({ what, json: res.response.headers.get('content-type')?.includes('application/json') }).toEqual({
    what,
    json: true,
  });
  expect({ what, extra: Object.keys(body).filter((key) => !ERROR_KEYS.has(key)) }).toEqual({ what, extra: [] });
  expect({ what, leak: LEAK.test(JSON.stringify(body)) ? JSON.stringify(body) : null }).toEqual({ what, leak: null });
}

/** Which typed client calls each app (the openapi/*.json file names). */
const CLIENT_OF: Record<string, keyof Clients> = {
  targets: 'targets',
  'template-export': 'exports',
  import: 'imports',
  notifications: 'notifications',
};

/**
 * A typed client seen loosely: the sweep's operations come from the documents at run time, so their
 * paths and bodies cannot be checked at compile time (openapi-fetch's `request(method, path, init)`).
 */
interface SweepClient {
  request(method: string, path: string, init?: Record<string, unknown>): Promise<ClientResult<any, any>>;
}

/** The sweep reads every answer as text (JSON, CSV or zip alike) to search it for A's data; this is it parsed. */
const parsedBodyOf = (res: ClientResult<string>): any =>
  res.response.ok && res.data && res.response.headers.get('content-type')?.includes('application/json')
    ? JSON.parse(res.data)
    : bodyOf(res);
const textOf = (res: ClientResult<string>): string =>
  res.response.ok ? (res.data ?? '') : typeof res.error === 'string' ? res.error : JSON.stringify(res.error ?? '');

describe('tenant isolation and error hygiene over every endpoint', () => {
  let apps: Record<string, RunningApp>;
  const ops: Operation[] = [];
  const mark = randomBytes(4).toString('hex').toUpperCase();
  const criterion = `AONLY_${mark}`;
  const authorization = `AAUTH_${mark}`;
  const secretEmail = `a-secret-${mark.toLowerCase()}@example.org`;
  let a: { apiKey: string };
  let b: { apiKey: string };
  let ids: { contact: number; target: number; export: number; import: number; apiKey: number };
  let contactIds: number[];
  const header = () => templateHeader('criteria', [criterion]);

  beforeAll(async () => {
    isolateTestFile();
    apps = {
      targets: await startApp(TargetsAppModule, TARGETS_APP),
      'template-export': await startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP),
      import: await startApp(ImportAppModule, IMPORT_APP),
      notifications: await startApp(NotificationsAppModule, NOTIFICATIONS_APP),
    };
    // The committed documents and the live ones: an endpoint missing from either is still swept.
    const dir = join(__dirname, '..', '..', 'openapi');
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
      const app = file.replace(/\.json$/, '');
      expect(Object.keys(apps)).toContain(app);
      // The live document itself is not an operation of the documents: plain fetch.
      const live = await (await fetch(`${apps[app].url}/docs-json`)).json();
      for (const doc of [JSON.parse(readFileSync(join(dir, file), 'utf8')), live]) {
        for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
          for (const [method, op] of Object.entries<any>(item)) {
            if (ops.some((o) => o.app === app && o.method === method.toUpperCase() && o.path === path)) continue;
            const content = Object.keys(op.requestBody?.content ?? {});
            ops.push({
              app,
              method: method.toUpperCase(),
              path,
              isPublic: Array.isArray(op.security) && op.security.length === 0,
              params: (op.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name),
              json: content.includes('application/json'),
              multipart: content.includes('multipart/form-data'),
            });
          }
        }
      }
    }

    a = await createInstitution(apps.targets.url);
    b = await createInstitution(apps.targets.url);
    ({ contactIds } = await seed(apps.targets.url, a.apiKey, {
      criteria: [{ code: criterion, multiValued: false, values: ['V1', 'V2'] }],
      authorizations: [authorization],
      contacts: [1, 2].map((i) => ({
        firstName: `F${letters(i)}`,
        lastName: `L${letters(i)}`,
        email: secretEmail,
        criteria: { [criterion]: ['V1'] },
      })),
    }));
    const ofA = clientsOf(a.apiKey);
    const target = expectStatus(
      await ofA.targets.POST('/targets', { body: { name: `Target ${mark}`, rule: { criterion, in: ['V1'] } } }),
      201,
    );
    const created = expectStatus(
      await ofA.exports.POST('/template-exports', {
        body: { dataType: 'criteria', targetId: target.id, fields: [criterion], email: secretEmail },
      }),
      202,
    );
    await waitFor(async () => {
      const view = expectStatus(
        await ofA.exports.GET('/template-exports/{id}', { params: { path: { id: created.id } } }),
        200,
      );
      return view.status === 'completed' ? view : undefined;
    }, 'the export');
    const file = await csvBytes(header(), [[String(contactIds[0]), 'L1', 'F1', secretEmail, 'V1', 'V2']]);
    const imp = await runImport(apps.import.url, a.apiKey, file, { dataType: 'criteria', mode: 'apply' });
    expect(imp.status).toBe('completed');
    const [apiKey] = expectStatus(await ofA.targets.GET('/api-keys'), 200);
    ids = { contact: contactIds[0], target: target.id, export: created.id, import: imp.id, apiKey: apiKey.id };
    // The export's e-mail reaches the outbox of institution A.
    await waitFor(async () => {
      const res = await ofA.notifications.GET('/notifications');
      return JSON.stringify(bodyOf(res)).includes(secretEmail) ? true : undefined;
    }, 'the notification of institution A');
  });
  afterAll(async () => {
    for (const app of Object.values(apps ?? {})) await app.close();
  });

  const clientsOf = (key: string | undefined) =>
    clientsFor(
      {
        targets: apps.targets,
        exports: apps['template-export'],
        imports: apps.import,
        notifications: apps.notifications,
      },
      key,
    );
  const sweepClient = (op: Operation, key: string | undefined) =>
    clientsOf(key)[CLIENT_OF[op.app]] as unknown as SweepClient;

  /** The values of the path's {parameters}: this institution's ids, its criterion, an unsigned token. */
  const pathOf = (op: Operation): Record<string, string | number> =>
    Object.fromEntries(
      [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => {
        if (name === 'code') return [name, criterion];
        if (name === 'token') return [name, 'not-a-token'];
        if (name !== 'id') throw new Error(`${op.method} ${op.path}: the sweep has no value for {${name}}; add one`);
        const resource = op.path.split('/')[1];
        const id = {
          contacts: ids.contact,
          targets: ids.target,
          imports: ids.import,
          'template-exports': ids.export,
          'api-keys': ids.apiKey,
        }[resource];
        if (id === undefined) throw new Error(`${op.method} ${op.path}: the sweep has no id of ${resource}; add one`);
        return [name, id];
      }),
    );

  /** A valid body for the operations that need one (else validation answers 400 before the lookup). */
  const validBodyOf = (op: Operation): unknown => {
    const key = `${op.method} ${op.path}`;
    const bodies: Record<string, unknown> = {
      'PUT /targets/{id}': { name: 'Renamed', rule: { all: [] } },
      'POST /targets': { name: 'Theirs', rule: { criterion, in: ['V1'] } },
      'POST /criteria/{code}/values': [{ code: 'V3', label: 'V3' }],
      'POST /criteria': { code: `B_${mark}`, label: 'Of B', multiValued: false, values: [{ code: 'V1', label: 'V1' }] },
      'POST /authorizations': { code: `B_${mark}`, label: 'Of B' },
      'POST /contacts': { firstName: 'B', lastName: 'B', email: 'b@example.org' },
      'POST /contacts/bulk': [{ firstName: 'B', lastName: 'B', email: 'b@example.org' }],
      'POST /institutions': { code: `B_${mark}`, name: 'B' },
      'POST /template-exports': { dataType: 'criteria', targetId: ids.target },
      'POST /api-keys': { name: `B_${mark}` },
    };
    if (op.json && !(key in bodies)) throw new Error(`${key}: the sweep has no body for it; add one`);
    return bodies[key];
  };

  /** One operation through its app's client with `key` (none: a client without one), read as text. */
  async function call(op: Operation, key: string | undefined): Promise<ClientResult<string>> {
    const init: Record<string, unknown> = { params: { path: pathOf(op) }, parseAs: 'text' };
    if (op.multipart) {
      const form = new FormData();
      form.append('dataType', 'criteria');
      form.append('mode', 'apply');
      form.append(
        'file',
        new Blob([await csvBytes(header(), [[String(ids.contact), 'L1', 'F1', secretEmail, 'V2', 'V1']])]),
        'x.csv',
      );
      Object.assign(init, { body: {}, bodySerializer: () => form });
    } else if (op.json) {
      init.body = validBodyOf(op);
    }
    return sweepClient(op, key).request(op.method.toLowerCase(), op.path, init);
  }

  it('enumerates every app and operation', () => {
    expect(new Set(ops.map((op) => op.app))).toEqual(
      new Set(['targets', 'template-export', 'import', 'notifications']),
    );
    expect(ops.length).toBeGreaterThanOrEqual(30);
  });

  it('answers 401 without a key and with a wrong key, on every non-public operation', async () => {
    const guarded = ops.filter((op) => !op.isPublic);
    for (const op of guarded) {
      for (const key of [undefined, `wrong-${mark}-key`, ADMIN_KEY.slice(0, -1)]) {
        const res = await call(op, key);
        const status = res.response.status;
        expect({ op: `${op.method} ${op.path}`, key: key ? 'wrong' : 'none', status }).toEqual({
          op: `${op.method} ${op.path}`,
          key: key ? 'wrong' : 'none',
          status: 401,
        });
        expectCleanError(res, `${op.method} ${op.path}`);
      }
    }
  });

  it("gives another institution 404 for this one's ids on every operation, and never a trace of its data", async () => {
    const before = await snapshot();
    const ofB = clientsOf(b.apiKey);
    const outcomes: string[] = [];
    for (const op of ops.filter((o) => !o.isPublic)) {
      const name = `${op.method} ${op.path}`;
      const res = await call(op, b.apiKey);
      const status = res.response.status;
      const body = parsedBodyOf(res);
      outcomes.push(`${name} -> ${status}`);
      if (name === 'POST /institutions') {
        expect({ name, status }).toEqual({ name, status: 401 }); // the admin key only
      } else if (op.params.length || name === 'POST /template-exports') {
        expect({ name, status }).toEqual({ name, status: 404 });
        expect({ name, code: body.code }).toEqual({ name, code: 'NOT_FOUND' });
      } else if (name === 'POST /targets') {
        // A's criterion is unknown to B.
        expect({ name, status: status >= 400 && status < 500 }).toEqual({ name, status: true });
      } else if (name === 'POST /imports') {
        expect(status).toBe(202);
        const done = await waitFor(async () => {
          const got = expectStatus(await ofB.imports.GET('/imports/{id}', { params: { path: { id: body.id } } }), 200);
          return ['completed', 'failed'].includes(got.status) ? got : undefined;
        }, 'the import of B');
        // B has no criterion of that code: the header is refused; A's contact is untouched either way.
        expect(done.counts.applied).toBe(0);
        if (done.status === 'completed')
          expect((await report(apps.import.url, b.apiKey, body.id)).every((r) => r.code === 'UNKNOWN_CONTACT')).toBe(
            true,
          );
      } else {
        expect({ name, status }).toEqual({ name, status: op.method === 'GET' ? 200 : 201 });
      }
      if (status >= 400) expectCleanError(res, name);
      const text = textOf(res);
      expect({ name, leak: text.includes(secretEmail) || text.includes(`Target ${mark}`) }).toEqual({
        name,
        leak: false,
      });
      if (op.method === 'GET' && status === 200 && Array.isArray(body)) {
        expect({
          name,
          ids: body.filter(
            (row: any) => [ids.import, ids.target, ids.export].includes(row.id) && JSON.stringify(row).includes(mark),
          ),
        }).toEqual({ name, ids: [] });
      }
    }
    expect(outcomes.length).toBeGreaterThanOrEqual(25);
    expect(await snapshot()).toEqual(before);
    // And A still sees its own things through the same operations.
    const ofA = clientsOf(a.apiKey);
    expect((await ofA.imports.GET('/imports/{id}', { params: { path: { id: ids.import } } })).response.status).toBe(
      200,
    );
    expect(
      (
        await ofA.exports.GET('/template-exports/{id}/file', {
          params: { path: { id: ids.export } },
          parseAs: 'arrayBuffer',
        })
      ).response.status,
    ).toBe(200);
    expect((await ofA.targets.GET('/targets/{id}', { params: { path: { id: ids.target } } })).response.status).toBe(
      200,
    );
  });

  async function snapshot() {
    const db = apps.import.app.get(DataSource);
    return {
      values: await db.query(
        'SELECT contact_id, criterion_id, value_id FROM contact_criterion_values WHERE contact_id IN (?) ORDER BY 1, 2, 3',
        [contactIds],
      ),
      contacts: await db.query('SELECT id, first_name, last_name, email FROM contacts WHERE id IN (?) ORDER BY id', [
        contactIds,
      ]),
      target: await db.query('SELECT name, rule FROM targets WHERE id = ?', [ids.target]),
      imports: await db.query('SELECT status, mode FROM imports WHERE id = ?', [ids.import]),
      apiKey: await db.query('SELECT name, key_hash FROM api_keys WHERE id = ?', [ids.apiKey]),
    };
  }

  it('refuses public download links that are not signed', async () => {
    for (const op of ops.filter((o) => o.isPublic && o.params.includes('token'))) {
      const res = await call(op, undefined);
      const status = res.response.status;
      expect({ op: op.path, status: status >= 400 && status < 500 }).toEqual({ op: op.path, status: true });
      expectCleanError(res, op.path);
    }
  });

  it('answers 413 with the JSON error body to a JSON body over the limit, and 400 to malformed JSON, on every JSON operation', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(11 * 1024 * 1024) });
    for (const op of ops.filter((o) => o.json)) {
      const client = sweepClient(op, op.path === '/institutions' ? ADMIN_KEY : a.apiKey);
      const send = (text: string) =>
        client.request(op.method.toLowerCase(), op.path, { params: { path: pathOf(op) }, ...rawBody(text) });
      const res = await send(big);
      expect({ op: op.path, status: res.response.status, code: bodyOf(res)?.code }).toEqual({
        op: op.path,
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
      });
      const malformed = await send('{"name": ');
      expect({ op: op.path, status: malformed.response.status }).toEqual({ op: op.path, status: 400 });
      const parsed = bodyOf(malformed);
      expect(typeof parsed === 'object' && parsed !== null && Object.keys(parsed).every((k) => ERROR_KEYS.has(k))).toBe(
        true,
      );
    }
  });

  it('answers a database error with a bare 500: no SQL, no stack trace', async () => {
    const db = apps.import.app.get(DataSource);
    const service = apps.import.app.get(ImportsService);
    const spy = jest
      .spyOn(service, 'get')
      .mockImplementationOnce(() => db.query("SELECT secret FROM no_such_table_here WHERE x = 'y'"));
    // The error is logged with its stack for the operator, not sent: read here rather than printed by the test run.
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const res = await clientsOf(a.apiKey).imports.GET('/imports/{id}', { params: { path: { id: ids.import } } });
      expect(res.response.status).toBe(500);
      expect(res.error).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: expect.any(String) });
      expectCleanError(res, 'db error');
      expect(JSON.stringify(res.error)).not.toContain('no_such_table_here');
      expect(logged.mock.calls.map(([line]) => String(line)).join('\n')).toMatch(/QueryFailedError: .*\n\s+at /);
    } finally {
      spy.mockRestore();
      logged.mockRestore();
    }
  });
});
