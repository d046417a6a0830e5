import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { LocalFileStore } from '@app/storage';
import { createXlsxTemplateWriter, readXlsx, XlsxInputError } from '@app/csv-schema';
import type { UploadSource } from './upload-file';
import { ImportFileError, inspectUpload, openUpload, storedUpload } from './upload-file';
import { zipOf } from '../../../../test/utils/zip';
import { declareUnzippedSize, workbookParts } from '../../../../test/fixtures/bad-input/generated';

const LIMITS = { maxUnzippedBytes: 10 * 1024 * 1024, maxRatio: 100 };

async function workbook(): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const writer = createXlsxTemplateWriter(output, { header: ['contact_id', '[new] LEVEL'], booleanColumns: [] });
  await writer.addRow(['1', '007']);
  await writer.finish();
  return Buffer.concat(chunks);
}

/** The bytes as an upload in the file store (file driver; the s3 driver's ranged reads: its contract spec). */
async function saved(bytes: Buffer): Promise<UploadSource> {
  const store = new LocalFileStore(await mkdtemp(join(tmpdir(), 'cmu-upload-')));
  await store.write('imports/upload', Readable.from([bytes]));
  return storedUpload(store, 'imports/upload');
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    return (error as ImportFileError).code;
  }
  throw new Error('expected an ImportFileError');
}

describe('uploads: CSV or XLSX, told apart by content', () => {
  it('a plain file is CSV; a workbook is XLSX whatever its name; a zip of one .csv or one .xlsx is that file', async () => {
    const xlsx = await workbook();
    expect(await inspectUpload(await saved(Buffer.from('contact_id,LEVEL\r\n')), LIMITS)).toEqual({
      zip: false,
      format: 'csv',
    });
    expect(await inspectUpload(await saved(xlsx), LIMITS)).toEqual({ zip: true, format: 'xlsx' });
    expect(await inspectUpload(await saved(await zipOf([{ name: 'a.xlsx', data: xlsx }])), LIMITS)).toEqual({
      zip: true,
      format: 'xlsx',
      entryName: 'a.xlsx',
    });
    expect(await inspectUpload(await saved(await zipOf([{ name: 'a.CSV', data: 'x' }])), LIMITS)).toEqual({
      zip: true,
      format: 'csv',
      entryName: 'a.CSV',
    });
  });

  it('opens a workbook, bare or zipped, as the bytes readXlsx reads', async () => {
    const xlsx = await workbook();
    for (const bytes of [xlsx, await zipOf([{ name: 'template.xlsx', data: xlsx }])]) {
      const opened = await openUpload(await saved(bytes), LIMITS);
      expect(opened.format).toBe('xlsx');
      const rows: string[][] = [];
      for await (const record of readXlsx(opened.stream)) rows.push(record.cells);
      expect(rows).toEqual([
        ['contact_id', '[new] LEVEL'],
        ['1', '007'],
      ]);
    }
  });

  it('refuses other entries, several files, and workbooks past the limits', async () => {
    expect(await failure(inspectUpload(await saved(await zipOf([{ name: 'a.ods', data: 'x' }])), LIMITS))).toBe(
      'UNSUPPORTED_ZIP_ENTRY',
    );
    expect(
      await failure(
        inspectUpload(
          await saved(
            await zipOf([
              { name: 'a.csv', data: 'x' },
              { name: 'b.xlsx', data: 'y' },
            ]),
          ),
          LIMITS,
        ),
      ),
    ).toBe('ZIP_ENTRY_COUNT');
    // A .docx has [Content_Types].xml but no xl/workbook.xml: not a workbook.
    expect(
      await failure(
        inspectUpload(
          await saved(
            await zipOf([
              { name: '[Content_Types].xml', data: '<Types/>' },
              { name: 'word/document.xml', data: '<w/>' },
            ]),
          ),
          LIMITS,
        ),
      ),
    ).toBe('ZIP_ENTRY_COUNT');
    const xlsx = await saved(await workbook());
    expect(await failure(inspectUpload(xlsx, { maxUnzippedBytes: 1000, maxRatio: 100 }))).toBe('ZIP_TOO_LARGE');
    const bomb = await zipOf([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'xl/workbook.xml', data: '<workbook/>' },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(4 * 1024 * 1024, 0x20) },
    ]);
    expect(await failure(openUpload(await saved(bomb), LIMITS))).toBe('ZIP_RATIO');
  });

  it('stops what inflates past its declared size: yauzl the entry of a zip, readXlsx the parts of a workbook', async () => {
    const drain = async (stream: AsyncIterable<unknown>) => {
      for await (const _chunk of stream);
    };
    // A zipped CSV declaring 1,000 bytes: yauzl's validateEntrySizes refuses byte 1,001.
    const csv = declareUnzippedSize(
      await zipOf([{ name: 'a.csv', data: Buffer.alloc(2 * 1024 * 1024, 0x41) }], 9),
      ['a.csv'],
      1000,
    );
    expect(await inspectUpload(await saved(csv), LIMITS)).toEqual({ zip: true, format: 'csv', entryName: 'a.csv' });
    const damaged = drain((await openUpload(await saved(csv), LIMITS)).stream);
    await expect(damaged).rejects.toBeInstanceOf(ImportFileError);
    await expect(damaged).rejects.toMatchObject({
      code: 'INVALID_ZIP',
      message: expect.stringContaining('too many bytes in the stream. expected 1000'),
    });

    // A bare workbook is checked against what its central directory declares only: yauzl inflates none of its
    // parts. exceljs's unzipper does, from the local headers; readXlsx counts what each really gives.
    const [types, ...parts] = workbookParts([
      ['contact_id', '[new] LEVEL'],
      ['1', '007'],
    ]);
    const lying = declareUnzippedSize(
      await zipOf([types, { name: 'docProps/thumbnail.jpeg', data: Buffer.alloc(16 * 1024 * 1024) }, ...parts], 9),
      ['docProps/thumbnail.jpeg'],
      1000,
    );
    expect(await inspectUpload(await saved(lying), LIMITS)).toEqual({ zip: true, format: 'xlsx' });
    const bare = await openUpload(await saved(lying), LIMITS);
    const stopped = drain(readXlsx(bare.stream, { inflateLimits: LIMITS }));
    await expect(stopped).rejects.toBeInstanceOf(XlsxInputError);
    await expect(stopped).rejects.toMatchObject({ code: 'ZIP_RATIO' });

    // The same workbook zipped, the zip lying about it: the import app's guard stops the zip, and readXlsx fails with
    // that.
    const zipped = declareUnzippedSize(
      await zipOf([{ name: 'template.xlsx', data: lying }], 9),
      ['template.xlsx'],
      1000,
    );
    const inner = drain(readXlsx((await openUpload(await saved(zipped), LIMITS)).stream, { inflateLimits: LIMITS }));
    await expect(inner).rejects.toBeInstanceOf(ImportFileError);
    await expect(inner).rejects.toMatchObject({ code: 'INVALID_ZIP' });
  });
});
