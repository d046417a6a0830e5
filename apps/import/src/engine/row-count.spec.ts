import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createCsvWriter, createXlsxTemplateWriter } from '@app/csv-schema';
import { countRows } from './row-count';
import { zipOf } from '../../../../test/utils/zip';

const LIMITS = { maxUnzippedBytes: 50 * 1024 * 1024, maxRatio: 1000 };
const HEADER = ['contact_id', 'first_name', '[new] LEVEL'];
const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => [String(i + 1), i % 7 ? `Ana ${i}` : 'Line\nbreak? no: quoted "x"', '007']);

async function csv(rows: string[][]): Promise<Buffer> {
  const writer = createCsvWriter({ header: HEADER, delimiter: ',' });
  const chunks: Buffer[] = [];
  writer.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve, reject) => writer.on('end', resolve).on('error', reject));
  for (const row of rows) writer.write(row);
  writer.end();
  await done;
  return Buffer.concat(chunks);
}

async function xlsx(rows: string[][]): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const writer = createXlsxTemplateWriter(output, { header: HEADER, booleanColumns: [] });
  for (const row of rows) await writer.addRow(row);
  await writer.finish();
  return Buffer.concat(chunks);
}

async function saved(bytes: Buffer): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'cmu-count-')), 'upload');
  await writeFile(path, bytes);
  return path;
}

const count = async (bytes: Buffer) => countRows(await saved(bytes), LIMITS);

/** A workbook written by hand: its parts in the given order, the sheets listed as `sheets` says (first = the one read). */
function handMade(sheets: { name: string; part: number; xml: string }[], workbookFirst: boolean): Promise<Buffer> {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const workbook = [
    { name: '[Content_Types].xml', data: '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    {
      name: 'xl/workbook.xml',
      data: `<workbook xmlns="${main}" xmlns:r="${rel}"><sheets>${sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${s.part}"/>`).join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map((s) => `<Relationship Id="rId${s.part}" Type="${rel}/worksheet" Target="worksheets/sheet${s.part}.xml"/>`)
        .join('')}</Relationships>`,
    },
  ];
  const parts = [...sheets].sort((a, b) => a.part - b.part).map((s) => ({ name: `xl/worksheets/sheet${s.part}.xml`, data: s.xml }));
  return zipOf(workbookFirst ? [...workbook, ...parts] : [workbook[0], ...parts, ...workbook.slice(1)]);
}

/** A worksheet part with inline-string rows at the given row numbers, and a `<dimension>` when given. */
function sheetXml(rowNumbers: number[], dimension?: string): string {
  const rows = rowNumbers.map((r) => `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${r === rowNumbers[0] ? 'contact_id' : r}</t></is></c></row>`).join('');
  return `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${dimension ? `<dimension ref="${dimension}"/>` : ''}<sheetData>${rows}</sheetData></worksheet>`;
}

describe('countRows: progress.total before the end of a run', () => {
  it('counts the rows of a CSV, plain or zipped, and of an XLSX, bare or zipped', async () => {
    const rows = rowsOf(2500);
    const text = await csv(rows);
    const book = await xlsx(rows);
    // A quoted line break counts as a line: an estimate, corrected at the end (every 7th row has one).
    const csvLines = 2500 + Math.ceil(2500 / 7);
    expect(await count(text)).toBe(csvLines);
    expect(await count(await zipOf([{ name: 'template.csv', data: text }]))).toBe(csvLines);
    expect(await count(book)).toBe(2500);
    expect(await count(await zipOf([{ name: 'template.xlsx', data: book }]))).toBe(2500);
  });

  it('a header-only file has no rows, nor has an empty one', async () => {
    for (const bytes of [await csv([]), await xlsx([]), await zipOf([{ name: 'a.csv', data: await csv([]) }]), await zipOf([{ name: 'a.xlsx', data: await xlsx([]) }]), Buffer.alloc(0)]) {
      expect(await count(bytes)).toBe(0);
    }
    // A last line without a line feed is a line.
    expect(await count(Buffer.from('contact_id,LEVEL\r\n1,A\r\n2,B'))).toBe(2);
  });

  it('counts the first sheet the workbook lists (the one readXlsx reads), whatever the order of its parts', async () => {
    const sheets = [
      { name: 'Data', part: 2, xml: sheetXml([1, 2, 3, 4]) },
      { name: 'Notes', part: 1, xml: sheetXml([1, 2, 3, 4, 5, 6, 7, 8, 9]) },
    ];
    for (const workbookFirst of [true, false]) {
      const book = await handMade(sheets, workbookFirst);
      expect(await count(book)).toBe(3);
      expect(await count(await zipOf([{ name: 'a.xlsx', data: book }]))).toBe(3);
    }
  });

  it('takes a plausible <dimension> without reading the rows, and counts them when it is not plausible', async () => {
    // Rows 1-3 and 6: the dimension (rows 1 to 6) reads as 5 rows; the rows counted are 3.
    const rows = [1, 2, 3, 6];
    expect(await count(await handMade([{ name: 'Data', part: 1, xml: sheetXml(rows, 'A1:C6') }], true))).toBe(5);
    // More rows than the file has bytes, a single row or cell (some writers' placeholder), or no dimension: counted.
    for (const dimension of ['A1:C900000', 'A1:C1', 'A1', undefined]) {
      expect(await count(await handMade([{ name: 'Data', part: 1, xml: sheetXml(rows, dimension) }], true))).toBe(3);
    }
  });

  it('answers null for a file it cannot read (the run reports why)', async () => {
    expect(await count(Buffer.from('PK\x03\x04 not a zip'))).toBeNull();
    expect(await count(await zipOf([{ name: 'a.csv', data: 'x' }, { name: 'b.csv', data: 'y' }]))).toBeNull();
    expect(await countRows('/nonexistent/upload', LIMITS)).toBeNull();
    // A workbook past the inflate limits is not counted.
    const big = await xlsx(rowsOf(5000));
    expect(await countRows(await saved(big), { maxUnzippedBytes: 100 * 1024, maxRatio: 1000 })).toBeNull();
  });
});
