// Issue 10: an .xlsx template (or the zip holding it) goes through the same import engine as a CSV.
import * as ExcelJS from 'exceljs';
import type { TemplateExportComponents } from '@app/api-client';
import type { RunningApp } from '../../../test/utils';
import {
  bodyOf,
  clientsFor,
  createInstitution,
  expectStatus,
  isolateTestFile,
  seed,
  startApp,
} from '../../../test/utils';
import { TARGETS_APP, TargetsAppModule } from '../../targets/src/targets-app.module';
import { TEMPLATE_EXPORT_APP, TemplateExportAppModule } from '../../template-export/src/template-export-app.module';
import { IMPORT_APP, ImportAppModule } from '../src/import-app.module';
import { exportTemplate, report, runImport, unzipSingle, upload, zipOf } from './import-helpers';

const NO_CHANGE = { rows: 4, validRows: 4, errorRows: 0, changes: 0, conflicts: 0, applied: 0 };

describe('import of an .xlsx template', () => {
  let targets: RunningApp;
  let exporter: RunningApp;
  let importer: RunningApp;
  let key: string;
  let ids: number[];
  let targetId: number;

  type DataType = TemplateExportComponents['schemas']['CreateTemplateExportDto']['dataType'];

  function exportZip(dataType: DataType): Promise<Buffer> {
    return exportTemplate(exporter.url, key, { dataType, targetId, format: 'xlsx' });
  }

  /** Sets cells of the first sheet by contact id and column name, the way a user edits in a spreadsheet. */
  async function edit(
    xlsx: Buffer,
    edits: { id: number; column: string; value: ExcelJS.CellValue }[],
  ): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map(String);
    for (const change of edits) {
      const column = header.indexOf(change.column);
      expect(column).toBeGreaterThan(0);
      let row = 0;
      sheet.eachRow((r, number) => {
        if (String(r.getCell(1).value) === String(change.id)) row = number;
      });
      expect(row).toBeGreaterThan(1);
      sheet.getRow(row).getCell(column).value = change.value;
    }
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  beforeAll(async () => {
    isolateTestFile();
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    exporter = await startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP);
    importer = await startApp(ImportAppModule, IMPORT_APP);
    key = (await createInstitution(targets.url)).apiKey;
    ({ contactIds: ids } = await seed(targets.url, key, {
      criteria: [
        { code: 'LEVEL', multiValued: false, values: ['007', '0012', '03.04', 'GOLD'] },
        { code: 'MUSIC', multiValued: true, values: ['JAZZ', 'ROCK', '010'] },
      ],
      authorizations: ['NEWSLETTER', 'SMS'],
      contacts: [
        {
          firstName: 'Zoé',
          lastName: 'Dupré',
          email: 'zoe@example.org',
          criteria: { LEVEL: ['007'], MUSIC: ['JAZZ', '010'] },
          authorizations: { NEWSLETTER: true },
        },
        {
          firstName: '=SUM(A:A)',
          lastName: '-x',
          email: 'x@example.org',
          criteria: { LEVEL: ['03.04'] },
          authorizations: { SMS: false },
        },
        {
          firstName: 'Ça',
          lastName: 'Ørsted',
          email: 'c@example.org',
          criteria: { MUSIC: ['ROCK'] },
          authorizations: { NEWSLETTER: false, SMS: true },
        },
        { firstName: 'Ana, María', lastName: 'O"Neil', email: 'a@example.org' },
      ],
    }));
    targetId = expectStatus(
      await clientsFor({ targets }, key).targets.POST('/targets', { body: { name: 'everyone', rule: { all: [] } } }),
      201,
    ).id;
  });

  afterAll(async () => {
    await importer?.close();
    await exporter?.close();
    await targets?.close();
  });

  it('untouched, as the exported zip or as the bare .xlsx: no change, no conflict, no error', async () => {
    for (const dataType of ['criteria', 'authorizations'] as const) {
      const zip = await exportZip(dataType);
      const xlsx = await unzipSingle(zip);
      for (const [file, name] of [
        [zip, 'template.zip'],
        [xlsx, 'template.xlsx'],
      ] as const) {
        const result = await runImport(importer.url, key, file, { dataType, mode: 'validate' }, name);
        expect({ dataType, name, status: result.status, fileErrors: result.fileErrors, counts: result.counts }).toEqual(
          {
            dataType,
            name,
            status: 'validated',
            fileErrors: [],
            counts: expect.objectContaining(NO_CHANGE),
          },
        );
        expect(await report(importer.url, key, result.id)).toEqual([]);
      }
    }
  });

  it('cells edited in the workbook (text codes with leading zeros, real booleans) give exactly those changes', async () => {
    const criteria = await edit(await unzipSingle(await exportZip('criteria')), [
      { id: ids[0], column: '[new] LEVEL', value: '0012' },
      { id: ids[1], column: '[new] MUSIC', value: 'ROCK|010' },
      { id: ids[2], column: '[new] LEVEL', value: 'GOLD' },
    ]);
    const authorizations = await edit(await unzipSingle(await exportZip('authorizations')), [
      { id: ids[0], column: '[new] NEWSLETTER', value: false }, // a real boolean cell
      { id: ids[1], column: '[new] SMS', value: null }, // emptied
      { id: ids[3], column: '[new] SMS', value: true },
      { id: ids[3], column: '[new] NEWSLETTER', value: 'FALSE' }, // typed as text
    ]);
    const applied = await runImport(
      importer.url,
      key,
      criteria,
      { dataType: 'criteria', mode: 'apply' },
      'edited.xlsx',
    );
    expect({ status: applied.status, fileErrors: applied.fileErrors }).toEqual({ status: 'completed', fileErrors: [] });
    expect(applied.counts).toMatchObject({ rows: 4, errorRows: 0, changes: 3, conflicts: 0, applied: 3 });
    // Zipped this time: a zip holding one .xlsx.
    const zipped = await zipOf([{ name: 'edited.xlsx', data: authorizations }]);
    const appliedAuth = await runImport(
      importer.url,
      key,
      zipped,
      { dataType: 'authorizations', mode: 'apply' },
      'edited.zip',
    );
    expect({ status: appliedAuth.status, fileErrors: appliedAuth.fileErrors }).toEqual({
      status: 'completed',
      fileErrors: [],
    });
    expect(appliedAuth.counts).toMatchObject({ rows: 4, errorRows: 0, changes: 4, conflicts: 0, applied: 4 });

    const contact = async (id: number) => {
      const res = expectStatus(
        await clientsFor({ targets }, key).targets.GET('/contacts/{id}', { params: { path: { id } } }),
        200,
      );
      return { criteria: res.criteria, authorizations: res.authorizations };
    };
    expect(await contact(ids[0])).toEqual({
      criteria: { LEVEL: ['0012'], MUSIC: ['010', 'JAZZ'] },
      authorizations: { NEWSLETTER: false, SMS: null },
    });
    expect(await contact(ids[1])).toEqual({
      criteria: { LEVEL: ['03.04'], MUSIC: ['010', 'ROCK'] },
      authorizations: { NEWSLETTER: null, SMS: null },
    });
    expect(await contact(ids[2])).toEqual({
      criteria: { LEVEL: ['GOLD'], MUSIC: ['ROCK'] },
      authorizations: { NEWSLETTER: false, SMS: true },
    });
    expect(await contact(ids[3])).toEqual({
      criteria: { LEVEL: [], MUSIC: [] },
      authorizations: { NEWSLETTER: false, SMS: true },
    });
  });

  it('a broken workbook fails with a fileError naming the problem; a cut one or a zip of another file is refused at upload', async () => {
    const xlsx = await unzipSingle(await exportZip('criteria'));
    const cut = await upload(
      importer.url,
      key,
      xlsx.subarray(0, Math.floor(xlsx.length / 2)),
      { dataType: 'criteria', mode: 'validate' },
      'cut.xlsx',
    );
    expect([cut.response.status, bodyOf(cut).code]).toEqual([400, 'INVALID_ZIP']);
    const hollow = await zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
    ]);
    const broken = await runImport(
      importer.url,
      key,
      hollow,
      { dataType: 'criteria', mode: 'validate' },
      'broken.xlsx',
    );
    expect(broken.status).toBe('failed');
    expect(broken.fileErrors).toEqual([{ code: 'MALFORMED_XLSX', message: expect.stringContaining('Save it again') }]);
    const other = await upload(
      importer.url,
      key,
      await zipOf([{ name: 'notes.txt', data: Buffer.from('hello') }]),
      { dataType: 'criteria', mode: 'validate' },
      'notes.zip',
    );
    expect([other.response.status, bodyOf(other).code]).toEqual([400, 'UNSUPPORTED_ZIP_ENTRY']);
  });
});
