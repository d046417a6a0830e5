import * as iconv from 'iconv-lite';
import { templateHeader } from '@app/csv-schema';
import type { Clients, RunningApp } from '../../../test/utils';
import {
  bodyOf,
  clientsFor,
  createInstitution,
  expectStatus,
  isolateTestFile,
  letters,
  seed,
  startApp,
} from '../../../test/utils';
import { TARGETS_APP, TargetsAppModule } from '../../targets/src/targets-app.module';
import { TEMPLATE_EXPORT_APP, TemplateExportAppModule } from '../../template-export/src/template-export-app.module';
import { IMPORT_APP, ImportAppModule } from '../src/import-app.module';
import {
  csvBytes,
  exportTemplate,
  parseCsv,
  report,
  runImport,
  unzipSingle,
  upload,
  waitImport,
  zipOf,
} from './import-helpers';

describe('import: validate and mass update', () => {
  let targets: RunningApp;
  let exporter: RunningApp;
  let importer: RunningApp;
  let key: string;
  let otherKey: string;
  let ids: number[];
  let api: Clients;

  const contact = async (id: number) =>
    expectStatus(await api.targets.GET('/contacts/{id}', { params: { path: { id } } }), 200);
  const contacts = () => Promise.all(ids.map(contact));

  beforeAll(async () => {
    // Every upload, however small, is parsed on the parse thread here: the other suites cover parsing in the job's own
    // thread.
    isolateTestFile({ IMPORT_PARSE_THREAD_MIN_BYTES: '0' });
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    exporter = await startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP);
    importer = await startApp(ImportAppModule, IMPORT_APP);
    key = (await createInstitution(targets.url)).apiKey;
    otherKey = (await createInstitution(targets.url)).apiKey;
    api = clientsFor({ targets, exports: exporter, imports: importer }, key);
    ({ contactIds: ids } = await seed(targets.url, key, {
      criteria: [
        { code: 'MUSIC', multiValued: true, values: ['JAZZ', 'ROCK', 'POP'] },
        { code: 'LEVEL', multiValued: false, values: ['001', '007', '03.04', 'GOLD'] },
      ],
      authorizations: ['NEWSLETTER', 'SMS'],
      contacts: [
        {
          firstName: 'Ana',
          lastName: 'Alpha',
          email: 'a@example.org',
          criteria: { MUSIC: ['JAZZ'], LEVEL: ['007'] },
          authorizations: { NEWSLETTER: true },
        },
        {
          firstName: 'Bob',
          lastName: 'Beta',
          email: 'b@example.org',
          criteria: { MUSIC: ['ROCK', 'POP'] },
          authorizations: { SMS: false },
        },
        { firstName: 'Hélène', lastName: 'Gamma', email: 'c@example.org', criteria: { LEVEL: ['03.04'] } },
        { firstName: 'Dan', lastName: 'Delta', email: 'd@example.org' },
      ],
    }));
  });
  afterAll(async () => {
    await importer?.close();
    await exporter?.close();
    await targets?.close();
  });

  it('exports a template, validates the edited file without writing, then applies exactly the edits', async () => {
    const target = expectStatus(
      await api.targets.POST('/targets', { body: { name: 'everyone', rule: { all: [] } } }),
      201,
    );
    const zip = await exportTemplate(exporter.url, key, { dataType: 'criteria', targetId: target.id });
    const [header, ...rows] = await parseCsv(await unzipSingle(zip));
    expect(header).toEqual(templateHeader('criteria', ['LEVEL', 'MUSIC']));
    const col = (name: string) => header.indexOf(name);
    const row = (id: number) => rows.find((r) => Number(r[0]) === id)!;

    // Untouched template: no change, no conflict, no error.
    const untouched = await runImport(importer.url, key, await csvBytes(header, rows), {
      dataType: 'criteria',
      mode: 'validate',
    });
    expect(untouched).toMatchObject({
      status: 'validated',
      counts: { rows: 4, validRows: 4, errorRows: 0, changes: 0, unchanged: 8, conflicts: 0, applied: 0 },
    });

    row(ids[0])[col('[new] MUSIC')] = 'ROCK|JAZZ';
    row(ids[1])[col('[new] LEVEL')] = '1'; // spreadsheet-mangled 001
    row(ids[2])[col('[new] LEVEL')] = '';
    row(ids[3])[col('[new] MUSIC')] = 'POP';
    const before = await contacts();
    const file = await csvBytes(header, rows);
    const validated = await runImport(importer.url, key, file, { dataType: 'criteria', mode: 'validate' });
    expect(validated).toMatchObject({
      status: 'validated',
      mode: 'validate',
      counts: { rows: 4, validRows: 4, errorRows: 0, changes: 4, unchanged: 4, conflicts: 0, applied: 0 },
    });
    expect(await contacts()).toEqual(before);
    const warnings = await report(importer.url, key, validated.id);
    expect(warnings).toEqual([
      expect.objectContaining({
        line: rows.indexOf(row(ids[1])) + 2,
        column: '[new] LEVEL',
        value: '1',
        code: 'NUMERIC_CODE_COERCED',
        severity: 'warning',
      }),
    ]);

    const byId = { params: { path: { id: validated.id } } };
    const applied = await api.imports.POST('/imports/{id}/apply', byId);
    expect(applied.response.status).toBe(202);
    const done = await waitImport(importer.url, key, validated.id, ['completed', 'failed']);
    expect(done).toMatchObject({
      status: 'completed',
      mode: 'apply',
      counts: { rows: 4, changes: 4, unchanged: 4, conflicts: 0, applied: 4 },
    });
    const after = await contacts();
    expect(after[0].criteria).toEqual({ MUSIC: ['JAZZ', 'ROCK'], LEVEL: ['007'] });
    expect(after[1].criteria).toEqual({ MUSIC: before[1].criteria.MUSIC, LEVEL: ['001'] });
    expect(after[2].criteria).toEqual({ MUSIC: [], LEVEL: [] });
    expect(after[3].criteria).toEqual({ MUSIC: ['POP'], LEVEL: [] });
    expect(after.map((c: any) => c.authorizations)).toEqual(before.map((c: any) => c.authorizations));
    expect((await api.imports.POST('/imports/{id}/apply', byId)).response.status).toBe(409);

    // Revert restores what the import wrote, except where changed since.
    const revert = await api.imports.POST('/imports/{id}/revert', byId);
    expect(revert.response.status).toBe(202);
    expect((await waitImport(importer.url, key, validated.id, ['reverted'])).status).toBe('reverted');
    expect(await contacts()).toEqual(before);
    expect((await api.imports.POST('/imports/{id}/revert', byId)).response.status).toBe(409);
  });

  it('reports every error code on its own line and skips those rows', async () => {
    const header = templateHeader('criteria', ['LEVEL', 'MUSIC']);
    const info = ['X', 'Y', 'x@example.org'];
    const rows = [
      ['abc', ...info, '', '', '', ''], // line 2 INVALID_CONTACT_ID
      ['999999999', ...info, '', '', '', ''], // line 3 UNKNOWN_CONTACT
      [String(ids[0]), ...info, '007', 'GOLD', 'JAZZ', 'JAZ'], // line 4 UNKNOWN_VALUE_CODE (did you mean JAZZ)
      [String(ids[1]), ...info, '', '001|GOLD', 'POP|ROCK', 'POP|ROCK'], // line 5 TOO_MANY_VALUES
      [String(ids[2]), ...info, '03.04', '03.04', '', 'JAZZ||ROCK'], // line 6 EMPTY_VALUE_PART
      [String(ids[3]), ...info, '', '', '', 'POP|POP'], // line 7 DUPLICATE_VALUE
      [String(ids[3]), ...info, '', '', '', ''], // line 8 DUPLICATE_CONTACT
    ];
    const malformed = Buffer.from(`${ids[0]},too,few\r\n`); // line 9 MALFORMED_ROW
    const file = Buffer.concat([await csvBytes(header, rows), malformed]);
    const done = await runImport(importer.url, key, file, { dataType: 'criteria', mode: 'apply' });
    expect(done).toMatchObject({
      status: 'completed',
      counts: { rows: 8, validRows: 0, errorRows: 8, changes: 0, applied: 0 },
    });
    const lines = (await report(importer.url, key, done.id)).filter((r) => r.severity === 'error');
    expect(lines.map((r) => [r.line, r.column, r.value, r.code])).toEqual([
      [2, 'contact_id', 'abc', 'INVALID_CONTACT_ID'],
      [3, 'contact_id', '999999999', 'UNKNOWN_CONTACT'],
      [4, '[new] MUSIC', 'JAZ', 'UNKNOWN_VALUE_CODE'],
      [5, '[new] LEVEL', '001|GOLD', 'TOO_MANY_VALUES'],
      [6, '[new] MUSIC', 'JAZZ||ROCK', 'EMPTY_VALUE_PART'],
      [7, '[new] MUSIC', 'POP|POP', 'DUPLICATE_VALUE'],
      [8, 'contact_id', String(ids[3]), 'DUPLICATE_CONTACT'],
      [9, '', '', 'MALFORMED_ROW'],
    ]);
    expect(lines[2].message).toContain('Did you mean "JAZZ"');
  });

  it('reads authorizations in every accepted spelling from a ;-delimited Windows-1252 zip, and rejects the others', async () => {
    const header = templateHeader('authorizations', ['NEWSLETTER', 'SMS']);
    const accepted = ['TRUE', 'true', 'T', 't', 'FALSE', 'false', 'F', 'f', ''];
    const rejected = ['yes', 'VRAI', '1', 'oui'];
    const contactsIds = (
      await seed(targets.url, key, {
        contacts: [...accepted, ...rejected].map((_, i) => ({
          firstName: 'Zoé',
          lastName: `Épée ${letters(i)}`,
          email: `z${i}@example.org`,
        })),
      })
    ).contactIds;
    const rows = [...accepted, ...rejected].map((value, i) => [
      String(contactsIds[i]),
      `Épée ${letters(i)}`,
      'Zoé',
      `z${i}@example.org`,
      '',
      value,
      '',
      '',
    ]);
    const utf8 = (await csvBytes(header, rows, ';')).subarray(3).toString('utf8');
    const cp1252 = iconv.encode(utf8, 'windows-1252');
    const zip = await zipOf([{ name: 'template-authorizations.csv', data: cp1252 }]);
    const done = await runImport(importer.url, key, zip, { dataType: 'authorizations', mode: 'apply' }, 'export.zip');
    expect(done).toMatchObject({
      status: 'completed',
      counts: { rows: 13, validRows: 9, errorRows: 4, changes: 8, unchanged: 10, applied: 8 },
    });
    const lines = await report(importer.url, key, done.id);
    expect(lines.map((r) => [r.line, r.column, r.value, r.code])).toEqual(
      rejected.map((value, i) => [accepted.length + i + 2, '[new] NEWSLETTER', value, 'INVALID_BOOLEAN']),
    );
    expect(lines[0].message).toMatch(/TRUE.*FALSE/);
    const values = await Promise.all(
      contactsIds.slice(0, accepted.length).map(async (id) => (await contact(id)).authorizations.NEWSLETTER),
    );
    expect(values).toEqual([true, true, true, true, false, false, false, false, null]);
  });

  it('reports stale [old] values: skip leaves the field, overwrite writes it with a warning', async () => {
    const [id] = (
      await seed(targets.url, key, {
        contacts: [{ firstName: 'S', lastName: 'Stale', email: 's@example.org', criteria: { MUSIC: ['JAZZ'] } }],
      })
    ).contactIds;
    const header = templateHeader('criteria', ['MUSIC']);
    const file = await csvBytes(header, [[String(id), 'Stale', 'S', 's@example.org', 'ROCK', 'POP']]);
    const skipped = await runImport(importer.url, key, file, { dataType: 'criteria', mode: 'apply' });
    expect(skipped.counts).toMatchObject({ validRows: 1, changes: 1, conflicts: 1, applied: 0 });
    expect((await report(importer.url, key, skipped.id)).map((r) => [r.line, r.column, r.code, r.severity])).toEqual([
      [2, '[old] MUSIC', 'STALE_VALUE', 'conflict'],
    ]);
    expect((await contact(id)).criteria.MUSIC).toEqual(['JAZZ']);
    const overwritten = await runImport(importer.url, key, file, {
      dataType: 'criteria',
      mode: 'apply',
      onConflict: 'overwrite',
    });
    expect(overwritten.counts).toMatchObject({ validRows: 1, changes: 1, conflicts: 1, applied: 1 });
    expect((await report(importer.url, key, overwritten.id)).map((r) => [r.line, r.code, r.severity])).toEqual([
      [2, 'STALE_VALUE', 'warning'],
    ]);
    expect((await contact(id)).criteria.MUSIC).toEqual(['POP']);
  });

  it('applies nothing with allOrNothing when a row has an error', async () => {
    const [id] = (
      await seed(targets.url, key, { contacts: [{ firstName: 'A', lastName: 'All', email: 'all@example.org' }] })
    ).contactIds;
    const header = templateHeader('criteria', ['MUSIC']);
    const file = await csvBytes(header, [
      [String(id), '', '', '', '', 'JAZZ'],
      ['nope', '', '', '', '', 'JAZZ'],
    ]);
    const done = await runImport(importer.url, key, file, {
      dataType: 'criteria',
      mode: 'apply',
      allOrNothing: 'true',
    });
    expect(done).toMatchObject({ status: 'failed', counts: { rows: 2, validRows: 1, errorRows: 1, applied: 0 } });
    expect(done.fileErrors).toEqual([
      {
        code: 'ALL_OR_NOTHING_REJECTED',
        message:
          '1 rows have errors; nothing was applied because allOrNothing=true. Fix them (see the report) and import again.',
      },
    ]);
    expect((await report(importer.url, key, done.id)).map((r) => r.code)).toEqual(['INVALID_CONTACT_ID']);
    expect((await contact(id)).criteria.MUSIC).toEqual([]);
  });

  it('fails a file with an unknown column code, naming it', async () => {
    const done = await runImport(
      importer.url,
      key,
      await csvBytes(['contact_id', '[old] NOPE', '[new] NOPE'], [['1', '', '']]),
      { dataType: 'criteria', mode: 'validate' },
    );
    expect(done.status).toBe('failed');
    expect(done.fileErrors.map((e: { code: string }) => e.code)).toEqual(['UNKNOWN_CODE', 'UNKNOWN_CODE']);
    expect((await report(importer.url, key, done.id)).map((r) => [r.line, r.column, r.code])).toEqual([
      [1, '[old] NOPE', 'UNKNOWN_CODE'],
      [1, '[new] NOPE', 'UNKNOWN_CODE'],
    ]);
  });

  it('refuses bad requests with 400 naming the field, and hides other institutions', async () => {
    const file = await csvBytes(['contact_id', 'MUSIC'], []);
    const missing = await upload(importer.url, key, undefined, { dataType: 'criteria', mode: 'validate' });
    expect(missing.response.status).toBe(400);
    expect(bodyOf(missing).message).toContain('file');
    for (const [fields, field] of [
      [{ dataType: 'things', mode: 'validate' }, 'dataType'],
      [{ dataType: 'criteria', mode: 'dry' }, 'mode'],
      [{ dataType: 'criteria', mode: 'apply', email: 'not-an-email' }, 'email'],
      [{ dataType: 'criteria', mode: 'apply', allOrNothing: 'maybe' }, 'allOrNothing'],
    ] as const) {
      const res = await upload(importer.url, key, file, fields);
      expect(res.response.status).toBe(400);
      expect(bodyOf(res).message).toContain(field);
    }
    const twoEntries = await upload(
      importer.url,
      key,
      await zipOf([
        { name: 'a.csv', data: file },
        { name: 'b.csv', data: file },
      ]),
      { dataType: 'criteria', mode: 'validate' },
      'x.zip',
    );
    expect([twoEntries.response.status, bodyOf(twoEntries).code]).toEqual([400, 'ZIP_ENTRY_COUNT']);
    const escaping = await upload(
      importer.url,
      key,
      Buffer.from(
        (await zipOf([{ name: 'xx/evil.csv', data: file }]))
          .toString('latin1')
          .replaceAll('xx/evil.csv', '../evil.csv'),
        'latin1',
      ),
      { dataType: 'criteria', mode: 'validate' },
      'x.zip',
    );
    expect([escaping.response.status, bodyOf(escaping).code]).toEqual([400, 'UNSAFE_ZIP_ENTRY']);

    const mine = await upload(importer.url, key, file, { dataType: 'criteria', mode: 'validate' }, 'x.csv', {
      'idempotency-key': 'k-1',
    });
    const again = await upload(importer.url, key, file, { dataType: 'criteria', mode: 'validate' }, 'x.csv', {
      'idempotency-key': 'k-1',
    });
    const id = expectStatus(mine, 202).id;
    expect(again.data?.id).toBe(id);
    await waitImport(importer.url, key, id);
    const otherInstitution = clientsFor({ imports: importer }, otherKey).imports;
    expect((await otherInstitution.GET('/imports/{id}', { params: { path: { id } } })).response.status).toBe(404);
    expect(
      (await otherInstitution.GET('/imports/{id}/report', { params: { path: { id } }, parseAs: 'text' })).response
        .status,
    ).toBe(404);
    expect((await api.imports.POST('/imports/{id}/cancel', { params: { path: { id } } })).response.status).toBe(409);
    const list = expectStatus(await api.imports.GET('/imports'), 200);
    expect(list[0].id).toBeGreaterThanOrEqual(id);
  });

  it('documents the upload as multipart with a binary file field', async () => {
    // The OpenAPI document itself is served outside the operations it describes: a plain fetch.
    const doc: any = await (await fetch(`${importer.url}/docs-json`)).json();
    const body = doc.paths['/imports'].post.requestBody.content['multipart/form-data'].schema;
    const schema = body.$ref ? doc.components.schemas[body.$ref.split('/').pop()] : body;
    expect(schema.properties.file).toMatchObject({ type: 'string', format: 'binary' });
  });
});
