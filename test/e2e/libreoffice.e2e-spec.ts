// What LibreOffice really does to a template (see the findings in test/spreadsheet/libreoffice.ts), checked
// with the project's own CSV and XLSX writers and readers, so the import's expectations rest on facts.
import { createReadStream, createWriteStream } from 'fs';
import { readFile } from 'fs/promises';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import { createCsvWriter, createXlsxTemplateWriter, readCsv, readCsvWithInfo, readXlsx } from '@app/csv-schema';
// editThroughSpreadsheet is exercised by spreadsheet-roundtrip.e2e-spec.ts.
import type { SpreadsheetLocale } from '../spreadsheet/libreoffice';
import {
  convertWithLibreOffice,
  removeLibreOfficeFiles,
  resaveWithLibreOffice,
  writeTempFile,
} from '../spreadsheet/libreoffice';

const header = [
  'contact_id',
  'last_name',
  'first_name',
  'email',
  '[old] MUSIC',
  '[new] MUSIC',
  '[old] NEWSLETTER',
  '[new] NEWSLETTER',
];
const rows = [
  ['1', 'Dupré', 'Zoé', 'zoe@example.com', '007', '007', 'TRUE', 'TRUE'],
  ['2', "O'Neil, Jr", 'Ça', 'x@example.com', '03.04', '03.04|1.10', 'FALSE', 'FALSE'],
  ['3', '=SUM(1)', '-5', '@x', '', '', '', ''],
];

async function csvTemplate(delimiter: ',' | ';'): Promise<string> {
  const path = await writeTempFile(`template-${delimiter === ',' ? 'comma' : 'semicolon'}.csv`, '');
  await pipeline(
    Readable.from(rows, { objectMode: true }),
    createCsvWriter({ delimiter, header }),
    createWriteStream(path),
  );
  return path;
}

async function xlsxTemplate(): Promise<string> {
  const path = await writeTempFile('template.xlsx', '');
  const output = createWriteStream(path);
  const writer = createXlsxTemplateWriter(output, { header, booleanColumns: [6, 7] });
  for (const row of rows) await writer.addRow(row);
  await writer.finish();
  return path;
}

async function cellsOf(path: string): Promise<string[][]> {
  const records: string[][] = [];
  const source = path.endsWith('.xlsx') ? readXlsx(createReadStream(path)) : readCsv(createReadStream(path));
  for await (const record of source) records.push(record.cells);
  return records;
}

// LibreOffice starts in seconds alone, in a minute on a loaded machine.
const LIBREOFFICE_TIMEOUT = 300_000;

describe('LibreOffice and the template', () => {
  afterAll(removeLibreOfficeFiles);

  it(
    'CSV saved again as CSV: leading zeros and (en-US) decimals lost, text and escapes kept, locale separator, Windows-1252',
    async () => {
      const [comma, semicolon] = await Promise.all([csvTemplate(','), csvTemplate(';')]);
      const [en, fr, de] = await Promise.all([
        resaveWithLibreOffice(comma, { locale: 'en-US', to: 'csv' }),
        resaveWithLibreOffice(semicolon, { locale: 'fr-FR', to: 'csv' }),
        resaveWithLibreOffice(semicolon, { locale: 'de-DE', to: 'csv' }),
      ]);

      const enBytes = await readFile(en);
      expect(enBytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false); // no BOM
      expect(enBytes.includes(Buffer.from('Dupr\xe9', 'latin1'))).toBe(true); // Windows-1252
      expect(enBytes.toString('latin1').split('\n')[1]).toBe(
        '1,"Dupr\xe9","Zo\xe9","zoe@example.com",7,7,"TRUE","TRUE"',
      );

      const { info, records } = readCsvWithInfo(createReadStream(fr));
      const frCells: string[][] = [];
      for await (const record of records) frCells.push(record.cells);
      expect(await info).toMatchObject({ delimiter: ';', encoding: 'windows-1252' });

      for (const [cells, decimals] of [
        [await cellsOf(en), ['3.04', '03.04|1.10']],
        [frCells, ['03.04', '03.04|1.10']],
        [await cellsOf(de), ['03.04', '03.04|1.10']],
      ] as const) {
        expect(cells).toEqual([
          header,
          ['1', 'Dupré', 'Zoé', 'zoe@example.com', '7', '7', 'TRUE', 'TRUE'],
          ['2', "O'Neil, Jr", 'Ça', 'x@example.com', ...decimals, 'FALSE', 'FALSE'],
          ['3', '=SUM(1)', '-5', '@x', '', '', '', ''],
        ]);
      }
    },
    LIBREOFFICE_TIMEOUT,
  );

  it(
    'birth dates: yyyy-mm-dd comes back unchanged in every locale, "detect special numbers" on or off; dd.mm.yyyy only with it off',
    async () => {
      const dates = [
        ['contact_id', '[new] birth_date', 'typed', '[new] language'],
        ['1', '1980-12-31', '31.12.1980', 'fr'],
        ['2', '2003-02-01', '01.02.2003', 'de'],
        ['3', '1904-02-29', '29.02.1904', 'it'],
        ['4', '', '', ''],
      ];
      const path = await writeTempFile('dates.csv', '');
      await pipeline(
        Readable.from(dates.slice(1), { objectMode: true }),
        createCsvWriter({ delimiter: ',', header: dates[0] }),
        createWriteStream(path),
      );
      const locales: SpreadsheetLocale[] = ['en-US', 'fr-FR', 'de-DE'];
      const runs = locales.flatMap((locale) =>
        [false, true].map((detectSpecialNumbers) => ({ locale, detectSpecialNumbers })),
      );
      const saved = await Promise.all(
        runs.map(async (run) => ({
          ...run,
          cells: await cellsOf(await resaveWithLibreOffice(path, { ...run, to: 'csv' })),
        })),
      );
      const typed = (run: { locale: SpreadsheetLocale; detectSpecialNumbers: boolean }) =>
        !run.detectSpecialNumbers || run.locale === 'en-US'
          ? ['31.12.1980', '01.02.2003', '29.02.1904']
          : run.locale === 'fr-FR'
            ? ['31/12/80', '01/02/03', '29/02/04']
            : ['31.12.80', '01.02.03', '29.02.04'];
      expect(saved).toEqual(
        runs.map((run) => ({
          ...run,
          cells: [dates[0], ...dates.slice(1, 4).map((row, i) => [row[0], row[1], typed(run)[i], row[3]]), dates[4]],
        })),
      );
    },
    LIBREOFFICE_TIMEOUT,
  );

  it(
    'the XLSX template keeps every cell through LibreOffice, saved as CSV or XLSX',
    async () => {
      const template = await xlsxTemplate();
      const [[asXlsx], [asCsv]] = await Promise.all([
        convertWithLibreOffice([template], { locale: 'fr-FR', to: 'xlsx' }),
        convertWithLibreOffice([template], { locale: 'de-DE', to: 'csv' }),
      ]);
      expect(await cellsOf(asXlsx)).toEqual([header, ...rows]);
      expect(await cellsOf(asCsv)).toEqual([header, ...rows]);
    },
    LIBREOFFICE_TIMEOUT,
  );
});
