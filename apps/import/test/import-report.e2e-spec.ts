import type { ImportComponents } from '@app/api-client';
import { templateHeader } from '@app/csv-schema';
import type { Clients, RunningApp } from '../../../test/utils';
import { clientsFor, createInstitution, expectStatus, isolateTestFile, seed, startApp } from '../../../test/utils';
import { TARGETS_APP, TargetsAppModule } from '../../targets/src/targets-app.module';
import { IMPORT_APP, ImportAppModule } from '../src/import-app.module';
import { csvBytes, parseCsv, runImport, waitImport } from './import-helpers';

type ReportPage = ImportComponents['schemas']['ImportReportPage'];

/**
 * The report read as JSON (Accept: application/json), paged, with the applied changes on request; the CSV stays the
 * default; GET /imports/{id} says how many rows have errors and where to read them.
 */
describe('import report as JSON, and the summary of an import', () => {
  let targets: RunningApp;
  let importer: RunningApp;
  let key: string;
  let api: Clients;
  let other: Clients;
  let ids: number[];
  let id: number;

  const json = { accept: 'application/json' };
  /** The report as JSON (the answer's type also allows the CSV's string). */
  const reportJson = async (query: Record<string, string | number> = {}) =>
    expectStatus(
      await api.imports.GET('/imports/{id}/report', { params: { path: { id }, query: query as never }, headers: json }),
      200,
    ) as ReportPage;

  beforeAll(async () => {
    isolateTestFile();
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    importer = await startApp(ImportAppModule, IMPORT_APP);
    key = (await createInstitution(targets.url)).apiKey;
    api = clientsFor({ targets, imports: importer }, key);
    other = clientsFor({ targets, imports: importer }, (await createInstitution(targets.url)).apiKey);
    ({ contactIds: ids } = await seed(targets.url, key, {
      criteria: [{ code: 'MUSIC', multiValued: true, values: ['JAZZ', 'ROCK'] }],
      contacts: [
        { firstName: 'Ana', lastName: 'Alpha', email: 'a@example.org', criteria: { MUSIC: ['JAZZ'] } },
        { firstName: 'Bob', lastName: 'Beta', email: 'b@example.org', criteria: { MUSIC: ['ROCK'] } },
        { firstName: 'Cleo', lastName: 'Gamma', email: 'c@example.org' },
        { firstName: 'Dan', lastName: 'Delta', email: 'd@example.org' },
      ],
    }));
    const file = await csvBytes(templateHeader('criteria', ['MUSIC']), [
      [String(ids[0]), 'Alpha', 'Ana', 'a@example.org', 'JAZZ', 'ROCK'],
      [String(ids[1]), 'Beta', 'Bob', 'b@example.org', 'ROCK', 'JAZZ|ROCK'],
      [String(ids[2]), 'Gamma', 'Cleo', 'c@example.org', '', 'BLUES'],
      [String(ids[3]), 'Delta', 'Dan', 'd@example.org', '', 'FUNK'],
    ]);
    id = (await runImport(importer.url, key, file, { dataType: 'criteria', mode: 'validate' })).id;
  });
  afterAll(async () => {
    await importer?.close();
    await targets?.close();
  });

  it('says in GET /imports/{id} how many rows have errors, where the report is, and what to do next', async () => {
    const view = expectStatus(await api.imports.GET('/imports/{id}', { params: { path: { id } } }), 200);
    expect(view).toMatchObject({ status: 'validated', counts: { rows: 4, errorRows: 2, changes: 2 } });
    expect(view.summary).toBe(
      `Validated: 2 of 4 rows have errors and would be skipped; 2 values would change. See each one by line in the report (GET /imports/${id}/report; JSON with Accept: application/json). Fix those rows and upload the file again, or apply it as is with POST /imports/${id}/apply.`,
    );
    expect(new URL(view.reportUrl).pathname).toBe(`/imports/${id}/report`);
    const listed = expectStatus(await api.imports.GET('/imports'), 200).find((imp) => imp.id === id);
    expect(listed?.summary).toBe(view.summary);
  });

  it('answers the report as JSON lines with Accept: application/json, paged', async () => {
    const whole = await reportJson();
    expect(whole).toEqual({
      total: 2,
      page: 1,
      pageSize: 50,
      items: [
        {
          line: 4,
          contactId: String(ids[2]),
          column: '[new] MUSIC',
          value: 'BLUES',
          code: 'UNKNOWN_VALUE_CODE',
          severity: 'error',
          message: expect.stringContaining('"BLUES" is not a value code of MUSIC'),
        },
        expect.objectContaining({ line: 5, contactId: String(ids[3]), value: 'FUNK', code: 'UNKNOWN_VALUE_CODE' }),
      ],
    });
    const second = await reportJson({ page: 2, pageSize: 1 });
    expect(second).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(second.items).toEqual([whole.items[1]]);
    expect((await reportJson({ page: 3, pageSize: 1 })).items).toEqual([]);
    // Empty parameters, as Swagger UI sends them, count as absent.
    expect(await reportJson({ page: '', pageSize: '', include: '' })).toEqual(whole);
  });

  it('keeps the CSV as the default, and for Accept: text/csv', async () => {
    for (const headers of [{}, { accept: 'text/csv' }, { accept: '*/*' }]) {
      const answer = await api.imports.GET('/imports/{id}/report', {
        params: { path: { id } },
        headers,
        parseAs: 'arrayBuffer',
      });
      expect(answer.response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const [header, ...rows] = await parseCsv(Buffer.from(expectStatus(answer, 200)));
      expect(header).toEqual(['line', 'contact_id', 'column', 'value', 'code', 'severity', 'message']);
      expect(rows.map((row) => row[0])).toEqual(['4', '5']);
    }
  });

  it('adds the applied changes with include=changes: contact, field, old and new value, paged like the lines', async () => {
    expect((await reportJson({ include: 'changes' })).changes).toEqual({ items: [], total: 0 });
    expectStatus(await api.imports.POST('/imports/{id}/apply', { params: { path: { id } } }), 202);
    const applied = await waitImport(importer.url, key, id);
    expect(applied).toMatchObject({ status: 'completed', counts: { applied: 2, errorRows: 2 } });
    expect(applied.summary).toContain('Applied: 2 values written; 2 of 4 rows have errors and were skipped.');

    const page = await reportJson({ include: 'changes' });
    expect(page.total).toBe(2);
    expect(page.changes).toEqual({
      total: 2,
      items: [
        {
          line: 2,
          contactId: ids[0],
          fieldType: 'criterion',
          field: 'MUSIC',
          oldValue: 'JAZZ',
          newValue: 'ROCK',
          reverted: false,
        },
        {
          line: 3,
          contactId: ids[1],
          fieldType: 'criterion',
          field: 'MUSIC',
          oldValue: 'ROCK',
          newValue: 'JAZZ|ROCK',
          reverted: false,
        },
      ],
    });
    const second = await reportJson({ include: 'changes', page: 2, pageSize: 1 });
    expect(second.changes).toEqual({ total: 2, items: [page.changes!.items[1]] });
    expect((await reportJson()).changes).toBeUndefined();

    expectStatus(await api.imports.POST('/imports/{id}/revert', { params: { path: { id } } }), 202);
    expect(await waitImport(importer.url, key, id)).toMatchObject({ status: 'reverted' });
    const reverted = await reportJson({ include: 'changes' });
    expect(reverted.changes!.items.map((change) => change.reverted)).toEqual([true, true]);
  });

  it('refuses an unknown include, and shows no report of another institution', async () => {
    const bad = await api.imports.GET('/imports/{id}/report', {
      params: { path: { id }, query: { include: 'everything' as never } },
      headers: json,
    });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.message).toContain('include must be changes');
    const foreign = await other.imports.GET('/imports/{id}/report', { params: { path: { id } }, headers: json });
    expect(foreign.response.status).toBe(404);
  });
});
