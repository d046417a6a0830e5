import { isAscii, isUtf8 } from 'buffer';
import { Readable } from 'stream';
import fc from 'fast-check';
import * as iconv from 'iconv-lite';
import { WRITER_CHUNK_BYTES } from './csv-writer';
import type { CsvRecord } from './csv-reader';
import { readCsvWithInfo } from './csv-reader';
import { readAll, writeAll } from './spec-helpers';

// Any text a cell may hold: formula characters, quotes, delimiters, line ends, accents, emoji.
const cellText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.stringMatching(/^[=+\-@\t\r'"]{0,3}[a-zA-Zé€,; |"\r\n\t']{0,8}$/),
  fc.constantFrom(
    '',
    ' ',
    '  ',
    '\ufeffx',
    '\ufeff',
    '"',
    '""',
    ',',
    ';',
    '\r',
    '\n',
    '\r\n',
    "'",
    "'=1",
    "''+x",
    '=SUM(A1)',
    '-3',
    '@x',
    '\tx',
    'café',
    'Zoë',
    '😀',
  ),
);
const rowsOf = (width: number) =>
  fc.array(fc.array(cellText, { minLength: width, maxLength: width }), { maxLength: 20 });

describe('createCsvWriter -> readCsv round trip', () => {
  it.each([',', ';'] as const)('gives back header and rows exactly (delimiter %j)', async (delimiter) => {
    await fc.assert(
      fc.asyncProperty(
        // One column has no delimiter in its header to detect: such a file reads as comma-separated.
        fc
          .integer({ min: delimiter === ',' ? 1 : 2, max: 5 })
          .chain((w) => fc.tuple(fc.array(cellText, { minLength: w, maxLength: w }), rowsOf(w))),
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
    expect(out.map((r) => r.cells)).toEqual([
      ['contact_id', 'nom'],
      ['1', 'Zoë €'],
    ]);
    expect(await info).toEqual({ encoding: 'windows-1252', delimiter: ';', bom: false });
  });
});

// Every character Windows-1252 can encode (its 0x80-0x9F letters included), minus NUL.
const CP1252 = iconv.decode(
  Buffer.from(Array.from({ length: 255 }, (_, i) => i + 1).filter((b) => ![0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b))),
  'windows-1252',
);
const cp1252Text = fc.string({ unit: fc.constantFrom(...CP1252.split('')), maxLength: 12 });

describe('Windows-1252 round trip', () => {
  it.each([',', ';'] as const)(
    'a file saved again as Windows-1252 reads back the same (delimiter %j)',
    async (delimiter) => {
      await fc.assert(
        fc.asyncProperty(
          fc
            .integer({ min: 2, max: 4 })
            .chain((w) =>
              fc.tuple(
                fc.array(cp1252Text, { minLength: w, maxLength: w }),
                fc.array(fc.array(cp1252Text, { minLength: w, maxLength: w }), { maxLength: 10 }),
              ),
            ),
          fc.integer({ min: 0, max: 5 }),
          async ([header, rows], chunk) => {
            const utf8 = Buffer.concat(await writeAll(rows, header, delimiter)).toString('utf8');
            expect(utf8.charCodeAt(0)).toBe(0xfeff);
            const cp1252 = iconv.encode(utf8.slice(1), 'windows-1252'); // a spreadsheet saving "CSV" on Windows
            // Some Windows-1252 byte pairs are valid UTF-8 too ("Å–" is C5 96, "Ŗ"): such a file is read
            // as UTF-8, by design. Real text (accents among ASCII letters) is not.
            fc.pre(isAscii(cp1252) || !isUtf8(cp1252));
            const { info, records } = readCsvWithInfo(Readable.from(chunk ? chunks(cp1252, chunk) : [cp1252]));
            const out: string[][] = [];
            for await (const r of records) out.push(r.cells);
            expect(out).toEqual([header, ...rows]);
            const detected = await info;
            expect(detected.delimiter).toBe(delimiter);
            expect(detected.bom).toBe(false);
            // pure ASCII is both encodings; anything else must be seen as Windows-1252
            if ([...utf8.slice(1)].some((ch) => ch.charCodeAt(0) > 0x7f))
              expect(detected.encoding).toBe('windows-1252');
          },
        ),
        { numRuns: 300 },
      );
    },
  );
});

function chunks(buf: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

describe('template round trip: header, multi-values, booleans, names through writer and reader', () => {
  const code = fc.stringMatching(/^[A-Z0-9][A-Z0-9_]{0,6}$/);
  const name = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 15 }),
    fc.constantFrom(
      '=HYPERLINK("http://x")',
      '+33 6 12 34 56 78',
      '-Dupont-',
      '@home',
      "O'Brien",
      'Müller, "Hans"',
      'Zoë;Éléonore',
      'line\r\nbreak',
      '\ttab',
      '李',
      '😀',
    ),
  );
  it('every value comes back and parses to what was written', async () => {
    const { parseHeader, templateHeader } = await import('./template-header');
    const { joinMultiValue, splitMultiValue } = await import('./multi-value');
    const { formatBoolean, parseBoolean } = await import('@app/boolean-rules');
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(code, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(',' as const, ';' as const),
        fc.array(
          fc.record({
            id: fc.integer({ min: 1, max: 1e9 }),
            names: fc.tuple(name, name, name),
            multi: fc.uniqueArray(code, { maxLength: 4 }),
            flag: fc.constantFrom(true, false, null),
          }),
          { maxLength: 15 },
        ),
        async (codes, delimiter, contacts) => {
          const header = templateHeader('criteria', codes);
          const rows = contacts.map((c) => [
            String(c.id),
            ...c.names,
            ...codes.flatMap((_, i) =>
              i % 2 === 0
                ? [joinMultiValue(c.multi), joinMultiValue(c.multi)]
                : [formatBoolean(c.flag), formatBoolean(c.flag)],
            ),
          ]);
          const records = await readAll(await writeAll(rows, header, delimiter));
          const parsed = parseHeader(records[0].cells, (x) => codes.includes(x));
          expect(parsed.issues).toEqual([]);
          expect(parsed.fields.map((f) => f.code)).toEqual(codes);
          records.slice(1).forEach((record, r) => {
            const c = contacts[r];
            expect(record.line).toBe(r + 2);
            expect(record.cells.slice(0, 4)).toEqual([String(c.id), ...c.names]);
            parsed.fields.forEach((f, i) => {
              for (const index of [f.oldIndex!, f.newIndex]) {
                if (i % 2 === 0)
                  expect(splitMultiValue(record.cells[index])).toEqual({ ok: true, codes: [...c.multi].sort() });
                else expect(parseBoolean(record.cells[index])).toEqual({ ok: true, value: c.flag });
              }
            });
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
