// Throughput of the CSV lib alone: rows/s for writing and reading a template-shaped file
// (contact_id, 3 info columns, 10 [old]/[new] pairs = 24 columns).
// Run: npx tsc -p tsconfig.build.json --outDir /tmp/cmu-bench && node /tmp/cmu-bench/scripts/bench-csv.js [rows]
import { Readable } from 'stream';
import { parse } from '@fast-csv/parse';
import { createCsvWriter, readCsv, templateHeader } from '../libs/csv-schema/src';

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 200_000);
  const codes = Array.from({ length: 10 }, (_, i) => `CRIT_${i}`);
  const header = templateHeader('criteria', codes);
  const values = ['JAZZ', 'ROCK|JAZZ', '', 'CLASSICAL', 'POP|ROCK|JAZZ'];

  const writer = createCsvWriter({ header });
  const chunks: Buffer[] = [];
  writer.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => writer.on('end', resolve));
  let t = process.hrtime.bigint();
  for (let i = 1; i <= rows; i++) {
    const row = [String(i), `Lastname ${i}`, `Firstname, "quoted"`, `user${i}@example.org`];
    for (let c = 0; c < codes.length; c++) {
      const v = values[(i + c) % values.length];
      row.push(v, c === 3 ? `=${v}` : v);
    }
    if (!writer.write(row)) await new Promise((resolve) => writer.once('drain', resolve));
  }
  writer.end();
  await ended;
  const writeMs = Number(process.hrtime.bigint() - t) / 1e6;
  const file = Buffer.concat(chunks);

  const input = () => {
    const parts: Buffer[] = [];
    for (let i = 0; i < file.length; i += 64 * 1024) parts.push(file.subarray(i, i + 64 * 1024));
    return Readable.from(parts);
  };
  let read = 0;
  t = process.hrtime.bigint();
  for await (const record of readCsv(input())) read += record.cells.length === 24 ? 1 : 0;
  const readMs = Number(process.hrtime.bigint() - t) / 1e6;

  // Baseline: fast-csv's own stream on the same bytes, nothing else.
  let baseline = 0;
  t = process.hrtime.bigint();
  await new Promise((resolve, reject) =>
    input()
      .pipe(parse({ ignoreEmpty: false }))
      .on('data', () => baseline++)
      .on('end', resolve)
      .on('error', reject),
  );
  const baseMs = Number(process.hrtime.bigint() - t) / 1e6;

  const mb = file.length / 1024 / 1024;
  console.log(`${rows} rows x ${header.length} columns, ${mb.toFixed(1)} MiB, ${chunks.length} chunks`);
  console.log(`write: ${writeMs.toFixed(0)} ms, ${Math.round((rows / writeMs) * 1000)} rows/s`);
  console.log(`read:  ${readMs.toFixed(0)} ms, ${Math.round(((read - 1) / readMs) * 1000)} rows/s (${read} records)`);
  console.log(
    `fast-csv parse() alone: ${baseMs.toFixed(0)} ms, ${Math.round(((baseline - 1) / baseMs) * 1000)} rows/s`,
  );
}

void main();
