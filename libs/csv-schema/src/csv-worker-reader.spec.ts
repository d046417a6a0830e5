import { Readable } from 'stream';
import fc from 'fast-check';
import * as iconv from 'iconv-lite';
import type { CsvReadOptions, CsvRecord } from './csv-reader';
import { readCsv } from './csv-reader';
import { readCsvInWorker } from './csv-worker-reader';

type Outcome = { records: CsvRecord[] } | { error: { name: string; code?: string; line?: number; message: string } };

function chunked(bytes: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
}

async function outcome(
  reader: typeof readCsv,
  bytes: Buffer,
  options?: CsvReadOptions,
  chunk = 64 * 1024,
): Promise<Outcome> {
  const records: CsvRecord[] = [];
  try {
    for await (const record of reader(chunked(bytes, chunk), options)) records.push(record);
    return { records };
  } catch (error) {
    const { name, code, line, message } = error as { name: string; code?: string; line?: number; message: string };
    return { error: { name, code, line, message } };
  }
}

/** The parse thread must be invisible: the same records, or the same error, as readCsv in the caller's thread. */
async function expectSameAsReadCsv(bytes: Buffer, options?: CsvReadOptions, chunk?: number): Promise<Outcome> {
  const inThread = await outcome(readCsv, bytes, options, chunk);
  expect(await outcome(readCsvInWorker, bytes, options, chunk)).toEqual(inThread);
  return inThread;
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('readCsvInWorker: the same as readCsv, parsed on another thread', () => {
  it('a template-sized file over many sends: every record, line numbers included', async () => {
    const header = 'contact_id,last_name,first_name,email,[old] MUSIC,[new] MUSIC\r\n';
    const rows = Array.from(
      { length: 30_000 },
      (_, i) => `${i + 1},"Dupont, ${i}",Zoë,z${i}@example.org,JAZZ|ROCK,"two\r\nlines"\r\n`,
    );
    const result = await expectSameAsReadCsv(utf8(`\ufeff${header}${rows.join('')}`), undefined, 7_777);
    expect(result).toMatchObject({ records: expect.any(Array) });
    const { records } = result as { records: CsvRecord[] };
    expect(records).toHaveLength(30_001);
    expect(records[30_000]).toEqual({
      line: 30_001,
      cells: ['30000', 'Dupont, 29999', 'Zoë', 'z29999@example.org', 'JAZZ|ROCK', 'two\r\nlines'],
    });
  });

  it.each([
    ['semicolons in Windows-1252', iconv.encode('contact_id;[new] LEVEL\r\n1;Élevé\r\n2;"a;b"\r\n', 'win1252')],
    ['empty cells and blank lines', utf8('a,b\r\n,\r\n\r\n1,\r\n')],
    ['formula escapes', utf8("a,b\r\n'=1,'@x\r\n")],
    ['no final line end', utf8('a,b\r\n1,2')],
  ])('%s', async (_name, bytes) => {
    expect(await expectSameAsReadCsv(bytes)).toMatchObject({ records: expect.any(Array) });
  });

  it.each([
    ['EMPTY_FILE', utf8('\ufeff'), undefined],
    ['BINARY_CONTENT', utf8('a,b\r\n1,\0\r\n'), undefined],
    ['UNSUPPORTED_ENCODING', Buffer.from([0xff, 0xfe, 0x61, 0]), undefined],
    ['UNTERMINATED_QUOTE', utf8('a,b\r\n1,"open\r\n2,3\r\n'), undefined],
    ['LINE_TOO_LONG', utf8(`a,b\r\n1,${'x'.repeat(5000)}\r\n`), { maxLineBytes: 1024 }],
    ['TOO_MANY_CELLS', utf8('a,b\r\n1,2,3,4,5\r\n'), { maxCells: 3 }],
  ])('%s: the same CsvInputError, code, line and message', async (code, bytes, options) => {
    expect(await expectSameAsReadCsv(bytes, options)).toMatchObject({ error: { name: 'CsvInputError', code } });
  });

  it('stops its thread when the caller stops reading early', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `${i},x\r\n`).join('');
    const seen: number[] = [];
    for await (const record of readCsvInWorker(chunked(utf8(`a,b\r\n${rows}`), 65_536))) {
      seen.push(record.line);
      if (seen.length === 10) break;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('random files: records or error as readCsv gives them', async () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('', '"', '""', ',', ';', '\r\n', "'=1", 'café', '😀', '\0'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 64 }),
        async (rows, chunk) => {
          const text = rows
            .map((row) => row.map((c) => (/[",;\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
            .join('\r\n');
          await expectSameAsReadCsv(utf8(text), undefined, chunk);
        },
      ),
      { numRuns: 15 },
    );
  });
});
