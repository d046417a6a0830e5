// Issue 10: format "xlsx" gives the same rows as the CSV template, as a workbook whose code and id cells are text.
import * as ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import { readXlsx } from '@app/csv-schema';
import type { TemplateExportComponents } from '@app/api-client';
import type { Clients, RunningApp } from '../../../test/utils';
import {
  clientsFor,
  createInstitution,
  expectStatus,
  isolateTestFile,
  letters,
  seed,
  startApp,
  waitFor,
} from '../../../test/utils';
import { TARGETS_APP, TargetsAppModule } from '../../targets/src/targets-app.module';
import { TEMPLATE_EXPORT_APP, TemplateExportAppModule } from '../src/template-export-app.module';

const CONTACTS = 30;

function entries(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error || !file) return reject(error);
      const found = new Map<string, Buffer>();
      file.on('entry', (entry: yauzl.Entry) =>
        file.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err);
          const chunks: Buffer[] = [];
          stream
            .on('data', (chunk: Buffer) => chunks.push(chunk))
            .on('end', () => {
              found.set(entry.fileName, Buffer.concat(chunks));
              file.readEntry();
            });
        }),
      );
      file.on('end', () => resolve(found));
      file.readEntry();
    }),
  );
}

async function rowsOf(xlsx: Buffer): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const record of readXlsx(Readable.from([xlsx]))) rows.push(record.cells);
  return rows;
}

describe('template export as xlsx', () => {
  let targets: RunningApp;
  let exporter: RunningApp;
  let key: string;
  let targetId: number;
  let ids: number[];
  let api: Clients;

  async function exportFile(
    request: Omit<TemplateExportComponents['schemas']['CreateTemplateExportDto'], 'targetId'>,
  ): Promise<{ name: string; bytes: Buffer; fileName: string | null; rowCount: number | null }> {
    const created = await api.exports.POST('/template-exports', { body: { targetId, ...request } });
    expect(created.response.status).toBe(202);
    const byId = { params: { path: { id: created.data!.id } } };
    const done = await waitFor(
      async () => {
        const view = expectStatus(await api.exports.GET('/template-exports/{id}', byId), 200);
        if (view.status === 'failed') throw new Error(JSON.stringify(view));
        return view.status === 'completed' ? view : undefined;
      },
      'export',
      60000,
    );
    const file = await api.exports.GET('/template-exports/{id}/file', { ...byId, parseAs: 'arrayBuffer' });
    expect(file.response.status).toBe(200);
    const inside = await entries(Buffer.from(file.data!));
    expect(inside.size).toBe(1);
    const [[name, bytes]] = [...inside];
    return { name, bytes, fileName: done.fileName, rowCount: done.rowCount };
  }

  beforeAll(async () => {
    isolateTestFile();
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    exporter = await startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP);
    key = (await createInstitution(targets.url)).apiKey;
    api = clientsFor({ targets, exports: exporter }, key);
    ({ contactIds: ids } = await seed(targets.url, key, {
      criteria: [
        { code: 'LEVEL', multiValued: false, values: ['007', '03.04', '1e5', 'GOLD'] },
        { code: 'MUSIC', multiValued: true, values: ['JAZZ', 'ROCK', '010'] },
      ],
      authorizations: ['NEWSLETTER', 'SMS'],
      contacts: Array.from({ length: CONTACTS + 3 }, (_, i) => ({
        firstName: i % 5 === 0 ? '=SUM(A:A)' : `Zoé${letters(i)}`,
        lastName: i < CONTACTS ? `Nom${letters(i)}` : `Outside${letters(i)}`,
        email: `c${i}@example.org`,
        criteria: {
          LEVEL: [['007', '03.04', '1e5', 'GOLD'][i % 4]],
          ...(i % 3 ? { MUSIC: i % 2 ? ['JAZZ', '010'] : ['ROCK'] } : {}),
        },
        authorizations: { NEWSLETTER: [true, false, null][i % 3], ...(i % 2 ? { SMS: true } : {}) },
      })),
    }));
    const target = await api.targets.POST('/targets', {
      body: { name: 'Not outside', rule: { not: { field: 'lastName', startsWith: 'Outside' } } },
    });
    expect(target.response.status).toBe(201);
    targetId = target.data!.id;
  });

  afterAll(async () => {
    await exporter?.close();
    await targets?.close();
  });

  it('criteria: one .xlsx entry, the CSV rows and values, every code and id cell typed as text, header frozen', async () => {
    const preview = expectStatus(
      await api.targets.GET('/targets/{id}/preview', { params: { path: { id: targetId } } }),
      200,
    );
    expect(preview.count).toBe(CONTACTS);
    const { name, bytes, fileName, rowCount } = await exportFile({ dataType: 'criteria', format: 'xlsx' });
    expect(name).toMatch(new RegExp(`^template-criteria-${targetId}-\\d{8}-\\d{6}\\.xlsx$`));
    expect(fileName).toBe(name.replace(/\.xlsx$/, '.zip'));
    expect(rowCount).toBe(CONTACTS);

    const rows = await rowsOf(bytes);
    expect(rows[0]).toEqual([
      'contact_id',
      'last_name',
      'first_name',
      'email',
      '[old] LEVEL',
      '[new] LEVEL',
      '[old] MUSIC',
      '[new] MUSIC',
    ]);
    expect(rows).toHaveLength(preview.count + 1);
    // Same rows as the CSV export of the same target.
    const csv = await exportFile({ dataType: 'criteria' });
    const { parseCsv } = await import('../../import/test/import-helpers');
    const csvRows = await parseCsv(csv.bytes);
    // The CSV escapes formula-like cells with a leading quote; a text cell needs none.
    expect(rows).toEqual(csvRows.map((row) => row.map((cell) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell))));
    const byId = new Map(rows.slice(1).map((row) => [Number(row[0]), row]));
    expect(byId.get(ids[0])).toEqual([String(ids[0]), 'Noma', '=SUM(A:A)', 'c0@example.org', '007', '007', '', '']);
    expect(byId.get(ids[1])!.slice(4)).toEqual(['03.04', '03.04', '010|JAZZ', '010|JAZZ']);
    for (const row of rows.slice(1)) {
      expect(row[4]).toBe(row[5]);
      expect(row[6]).toBe(row[7]);
    }
    expect([...byId.keys()]).toEqual([...byId.keys()].sort((a, b) => a - b));

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    for (let r = 2; r <= sheet.rowCount; r++) {
      for (const c of [1, 5, 6]) {
        const cell = sheet.getRow(r).getCell(c);
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.numFmt).toBe('@');
      }
    }
  });

  it('authorizations: TRUE/FALSE list validation on the authorization columns, values as in the database', async () => {
    const { bytes } = await exportFile({ dataType: 'authorizations', format: 'xlsx' });
    const rows = await rowsOf(bytes);
    expect(rows[0]).toEqual([
      'contact_id',
      'last_name',
      'first_name',
      'email',
      '[old] NEWSLETTER',
      '[new] NEWSLETTER',
      '[old] SMS',
      '[new] SMS',
    ]);
    expect(rows).toHaveLength(CONTACTS + 1);
    const byId = new Map(rows.slice(1).map((row) => [Number(row[0]), row.slice(4)]));
    expect(byId.get(ids[0])).toEqual(['TRUE', 'TRUE', '', '']);
    expect(byId.get(ids[1])).toEqual(['FALSE', 'FALSE', 'TRUE', 'TRUE']);
    expect(byId.get(ids[2])).toEqual(['', '', '', '']);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    for (const column of ['E', 'F', 'G', 'H']) {
      expect(sheet.getCell(`${column}2`).dataValidation).toMatchObject({
        type: 'list',
        allowBlank: true,
        formulae: ['"TRUE,FALSE"'],
      });
      expect(sheet.getCell(`${column}${CONTACTS + 1}`).dataValidation).toMatchObject({ type: 'list' });
    }
    expect(sheet.getCell('A2').dataValidation).toBeUndefined();
    expect(sheet.getCell('F2').type).toBe(ExcelJS.ValueType.String);
  });

  it('contacts: the contact fields, [old] = [new]', async () => {
    const { bytes } = await exportFile({ dataType: 'contacts', format: 'xlsx', fields: ['email'] });
    const rows = await rowsOf(bytes);
    expect(rows[0]).toEqual(['contact_id', '[old] email', '[new] email']);
    expect(rows.slice(1).map((row) => row[1])).toEqual(Array.from({ length: CONTACTS }, (_, i) => `c${i}@example.org`));
    expect(rows.slice(1).every((row) => row[1] === row[2])).toBe(true);
  });
});
