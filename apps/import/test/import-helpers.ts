import { Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import { createCsvWriter, readCsv } from '@app/csv-schema';
import type { ImportComponents, TemplateExportComponents } from '@app/api-client';
import { expectStatus, importClient, templateExportClient, waitFor } from '../../../test/utils';
export { zipOf } from '../../../test/utils/zip';

/** A CSV file as the template writer makes it (BOM, CRLF, escaping). */
export async function csvBytes(header: string[], rows: string[][], delimiter: ',' | ';' = ','): Promise<Buffer> {
  const writer = createCsvWriter({ header, delimiter });
  const chunks: Buffer[] = [];
  writer.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve, reject) => writer.on('end', resolve).on('error', reject));
  for (const row of rows) writer.write(row);
  writer.end();
  await done;
  return Buffer.concat(chunks);
}

/** Parses CSV bytes back into rows (header first). */
export async function parseCsv(bytes: Buffer): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const record of readCsv(Readable.from([bytes]))) rows.push(record.cells);
  return rows;
}

/** The single entry of a zip, as bytes. */
export function unzipSingle(zip: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error || !file) return reject(error);
      file.on('entry', (entry: yauzl.Entry) =>
        file.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks)));
        }),
      );
      file.readEntry();
    }),
  );
}

/**
 * POST /imports through the typed client, with any fields (valid or not, for the error cases) and an
 * optional file; `headers` carries an Idempotency-Key.
 */
export function upload(
  importUrl: string,
  key: string,
  file: Buffer | undefined,
  fields: Record<string, string>,
  fileName = 'template.csv',
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append('file', new Blob([file]), fileName);
  return importClient(importUrl, key).POST('/imports', { body: fields as never, bodySerializer: () => form, headers });
}

/** Exports a template through the template-export app, waits for it and answers the zip's bytes. */
export async function exportTemplate(
  exporterUrl: string,
  key: string,
  body: TemplateExportComponents['schemas']['CreateTemplateExportDto'],
): Promise<Buffer> {
  const exports = templateExportClient(exporterUrl, key);
  const { id } = expectStatus(await exports.POST('/template-exports', { body }), 202);
  await waitFor(async () => {
    const view = expectStatus(await exports.GET('/template-exports/{id}', { params: { path: { id } } }), 200);
    if (view.status === 'failed') throw new Error(JSON.stringify(view));
    return view.status === 'completed' ? view : undefined;
  }, 'template export');
  const zip = expectStatus(
    await exports.GET('/template-exports/{id}/file', { params: { path: { id } }, parseAs: 'arrayBuffer' }),
    200,
  );
  return Buffer.from(zip);
}

const FINAL = ['validated', 'completed', 'failed', 'cancelled', 'reverted'];
type ImportView = ImportComponents['schemas']['ImportResponse'];

export async function waitImport(importUrl: string, key: string, id: number, statuses = FINAL): Promise<ImportView> {
  const imports = importClient(importUrl, key);
  return waitFor(
    async () => {
      const view = expectStatus(await imports.GET('/imports/{id}', { params: { path: { id } } }), 200);
      return statuses.includes(view.status) ? view : undefined;
    },
    `import ${id} to finish`,
    60000,
    100,
  );
}

/** Uploads and waits for the import to end. */
export async function runImport(
  importUrl: string,
  key: string,
  file: Buffer,
  fields: Record<string, string>,
  fileName?: string,
) {
  const created = expectStatus(await upload(importUrl, key, file, fields, fileName), 202);
  return waitImport(importUrl, key, created.id);
}

export interface ReportRow {
  line: number;
  contact_id: string;
  column: string;
  value: string;
  code: string;
  severity: string;
  message: string;
}

export async function report(importUrl: string, key: string, id: number): Promise<ReportRow[]> {
  const csv = expectStatus(
    await importClient(importUrl, key).GET('/imports/{id}/report', {
      params: { path: { id } },
      parseAs: 'arrayBuffer',
    }),
    200,
  );
  const [header, ...rows] = await parseCsv(Buffer.from(csv));
  expectHeader(header);
  return rows.map((cells) => ({
    line: Number(cells[0]),
    contact_id: cells[1],
    column: cells[2],
    value: cells[3],
    code: cells[4],
    severity: cells[5],
    message: cells[6],
  }));
}

function expectHeader(header: string[]) {
  if (header.join(',') !== 'line,contact_id,column,value,code,severity,message')
    throw new Error(`unexpected report header ${header.join(',')}`);
}
