import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { LocalFileStore } from '@app/storage';
import { createXlsxTemplateWriter } from '@app/csv-schema';
import { countRows } from './row-count';
import type { UploadSource } from './upload-file';
import { storedUpload } from './upload-file';
import { zipOf } from '../../../../test/utils/zip';
import { csvBytes } from '../../test/import-helpers';

const LIMITS = { maxUnzippedBytes: 50 * 1024 * 1024, maxRatio: 1000 };
const HEADER = ['contact_id', 'first_name', '[new] LEVEL'];
const rowsOf = (n: number) =>
  Array.from({ length: n }, (_, i) => [String(i + 1), i % 7 ? `Ana ${i}` : 'Line\nbreak? no: quoted "x"', '007']);

const csv = (rows: string[][]) => csvBytes(HEADER, rows);

async function xlsx(rows: string[][]): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const writer = createXlsxTemplateWriter(output, { header: HEADER, booleanColumns: [] });
  for (const row of rows) await writer.addRow(row);
  await writer.finish();
  return Buffer.concat(chunks);
}

/** The bytes as an upload in the file store (file driver; the s3 driver's ranged reads: its contract spec). */
async function saved(bytes: Buffer): Promise<UploadSource> {
  const store = new LocalFileStore(await mkdtemp(join(tmpdir(), 'cmu-count-')));
  await store.write('imports/upload', Readable.from([bytes]));
  return storedUpload(store, 'imports/upload');
}

const count = async (bytes: Buffer) => countRows(await saved(bytes), LIMITS);

describe('countRows: progress.total before the end of a run', () => {
  it('counts the rows of a CSV, plain or zipped; a workbook is counted by the run itself', async () => {
    const rows = rowsOf(2500);
    const text = await csv(rows);
    // A quoted line break counts as a line: an estimate, corrected at the end (every 7th row has one).
    const csvLines = 2500 + Math.ceil(2500 / 7);
    expect(await count(text)).toBe(csvLines);
    expect(await count(await zipOf([{ name: 'template.csv', data: text }]))).toBe(csvLines);
    const book = await xlsx(rows);
    expect(await count(book)).toBeNull();
    expect(await count(await zipOf([{ name: 'template.xlsx', data: book }]))).toBeNull();
  });

  it('a header-only file has no rows, nor has an empty one', async () => {
    for (const bytes of [await csv([]), await zipOf([{ name: 'a.csv', data: await csv([]) }]), Buffer.alloc(0)]) {
      expect(await count(bytes)).toBe(0);
    }
    // A last line without a line feed is a line.
    expect(await count(Buffer.from('contact_id,LEVEL\r\n1,A\r\n2,B'))).toBe(2);
  });

  it('answers null for a file it cannot read (the run reports why)', async () => {
    expect(await count(Buffer.from('PK\x03\x04 not a zip'))).toBeNull();
    expect(
      await count(
        await zipOf([
          { name: 'a.csv', data: 'x' },
          { name: 'b.csv', data: 'y' },
        ]),
      ),
    ).toBeNull();
    const gone = await saved(Buffer.from('contact_id\n1\n'));
    expect(await countRows({ ...gone, read: () => Promise.reject(new Error('gone')) }, LIMITS)).toBeNull();
  });
});
