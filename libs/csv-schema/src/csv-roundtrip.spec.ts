import { Readable } from 'stream';
import fc from 'fast-check';
import * as iconv from 'iconv-lite';
import { createCsvWriter, WRITER_CHUNK_BYTES } from './csv-writer';
import { CsvRecord, readCsv, readCsvWithInfo } from './csv-reader';

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

export async function readAll(bytes: Buffer | Buffer[], chunkSize = 0): Promise<CsvRecord[]> {
  const buf = Array.isArray(bytes) ? Buffer.concat(bytes) : bytes;
  const parts: Buffer[] = [];
  if (chunkSize > 0) for (let i = 0; i < buf.length; i += chunkSize) parts.push(buf.subarray(i, i + chunkSize));
  else parts.push(buf);
  const out: CsvRecord[] = [];
  for await (const r of readCsv(Readable.from(parts))) out.push(r);
  return out;
}

// Any text a cell may hold: formula characters, quotes, delimiters, line ends, accents, emoji.
const cellText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.stringMatching(/^[=+\-@\t\r'"]{0,3}[a-zA-Zé€,; |"\r\n\t']{0,8}$/),
  fc.constantFrom('', ' ', '  ', '\ufeffx', '\ufeff', '"', '""', ',', ';', '\r', '\n', '\r\n', "'", "'=1", "''+x", '=SUM(A1)', '-3', '@x', '\tx', 'café', 'Zoë', '😀'),
);
const rowsOf = (width: number) => fc.array(fc.array(cellText, { minLength: width, maxLength: width }), { maxLength: 20 });

describe('createCsvWriter -> readCsv round trip', () => {
  it.each([',', ';'] as const)('gives back header and rows exactly (delimiter %j)', async (delimiter) => {
    await fc.assert(
      fc.asyncProperty(
        // One column has no delimiter in its header to detect: such a file reads as comma-separated.
        fc.integer({ min: delimiter === ',' ? 1 : 2, max: 5 }).chain((w) => fc.tuple(fc.array(cellText, { minLength: w, maxLength: w }), rowsOf(w))),
        fc.integer({ min: 0, max: 7 }),
        async ([header, rows], chunk) => {
          const bytes = await writeAll(rows, header, delimiter);
          const records = await readAll(bytes, chunk);
          expect(records.map((r) => r.cells)).toEqual([header, ...rows]);
          expect(records.map((r) => r.line)).toEqual(records.map((_, i) => i + 1));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('emits >= 64 KiB Buffers except the last', async () => {
    const rows = Array.from({ length: 20000 }, (_, i) => [String(i), `name ${i}`, 'JAZZ|ROCK']);
    const chunks = await writeAll(rows, ['contact_id', 'last_name', '[new] X']);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(WRITER_CHUNK_BYTES);
    const records = await readAll(chunks, 1000);
    expect(records).toHaveLength(20001);
    expect(records[20000]).toEqual({ line: 20001, cells: ['19999', 'name 19999', 'JAZZ|ROCK'] });
  });

  it('writes BOM, CRLF and escapes formulas', async () => {
    const bytes = Buffer.concat(await writeAll([['1', '=1+1', 'a,b']], ['contact_id', 'x', 'y']));
    expect(bytes.toString('utf8')).toBe('\ufeffcontact_id,x,y\r\n1,\'=1+1,"a,b"\r\n');
  });

  it('reads Windows-1252 files', async () => {
    const text = 'contact_id;nom\r\n1;Zoë €\r\n';
    const { info, records } = readCsvWithInfo(Readable.from([iconv.encode(text, 'windows-1252')]));
    const out: CsvRecord[] = [];
    for await (const r of records) out.push(r);
    expect(out.map((r) => r.cells)).toEqual([['contact_id', 'nom'], ['1', 'Zoë €']]);
    expect(await info).toEqual({ encoding: 'windows-1252', delimiter: ';', bom: false });
  });
});
