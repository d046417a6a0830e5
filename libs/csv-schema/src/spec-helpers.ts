// Helpers shared by the specs of this lib (not exported by index.ts).
import { Readable } from 'stream';
import { createCsvWriter } from './csv-writer';
import type { CsvRecord } from './csv-reader';
import { readCsv } from './csv-reader';

/** Every Buffer a writer emits for these rows. */
export async function writeAll(rows: string[][], header: string[], delimiter: ',' | ';' = ','): Promise<Buffer[]> {
  const writer = createCsvWriter({ header, delimiter });
  const chunks: Buffer[] = [];
  writer.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    writer.on('end', resolve);
    writer.on('error', reject);
  });
  for (const row of rows) writer.write(row);
  writer.end();
  await done;
  return chunks;
}

/** Records of these bytes, fed in chunks of `chunkSize` bytes (0: at once). */
export async function readAll(bytes: Buffer | Buffer[], chunkSize = 0): Promise<CsvRecord[]> {
  const buf = Array.isArray(bytes) ? Buffer.concat(bytes) : bytes;
  const parts: Buffer[] = [];
  if (chunkSize > 0) for (let i = 0; i < buf.length; i += chunkSize) parts.push(buf.subarray(i, i + chunkSize));
  else parts.push(buf);
  const out: CsvRecord[] = [];
  for await (const r of readCsv(Readable.from(parts))) out.push(r);
  return out;
}
