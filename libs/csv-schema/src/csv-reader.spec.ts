import { Readable } from 'stream';
import fc from 'fast-check';
import * as iconv from 'iconv-lite';
import type { CsvInputErrorCode } from './csv-input-error';
import { CsvInputError } from './csv-input-error';
import type { CsvReadOptions, CsvRecord } from './csv-reader';
import { MAX_SAMPLE_BYTES, readCsv, readCsvWithInfo } from './csv-reader';

const BOM = '\ufeff';

function chunked(bytes: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  if (size <= 0) parts.push(bytes);
  else for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
}

async function read(input: string | Buffer, options?: CsvReadOptions, chunk = 0): Promise<CsvRecord[]> {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const out: CsvRecord[] = [];
  for await (const r of readCsv(chunked(bytes, chunk), options)) out.push(r);
  return out;
}

const cells = async (input: string | Buffer, options?: CsvReadOptions, chunk = 0) =>
  (await read(input, options, chunk)).map((r) => r.cells);

async function failure(input: string | Buffer, options?: CsvReadOptions, chunk = 0): Promise<CsvInputError> {
  try {
    await read(input, options, chunk);
  } catch (error) {
    expect(error).toBeInstanceOf(CsvInputError);
    return error as CsvInputError;
  }
  throw new Error('expected a CsvInputError');
}

describe('readCsv: records', () => {
  it.each([
    ['CRLF', 'a,b\r\n1,2\r\n'],
    ['LF', 'a,b\n1,2\n'],
    ['CR', 'a,b\r1,2\r'],
    ['no final line end', 'a,b\r\n1,2'],
    ['BOM', `${BOM}a,b\r\n1,2\r\n`],
  ])('%s', async (_name, text) => {
    expect(await read(text)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
    ]);
  });

  it('RFC 4180 quoting: delimiters, quotes and line ends inside cells; line numbers count records', async () => {
    const text = 'id,text\r\n1,"a,b"\r\n2,"say ""hi"""\r\n3,"two\r\nlines"\r\n4,"x\ny\rz"\r\n5,end\r\n';
    expect(await read(text)).toEqual([
      { line: 1, cells: ['id', 'text'] },
      { line: 2, cells: ['1', 'a,b'] },
      { line: 3, cells: ['2', 'say "hi"'] },
      { line: 4, cells: ['3', 'two\r\nlines'] },
      { line: 5, cells: ['4', 'x\ny\rz'] },
      { line: 6, cells: ['5', 'end'] },
    ]);
  });

  it('keeps spaces, empty cells and blank lines (a blank line is one empty cell)', async () => {
    expect(await cells('a,b\r\n x , y \r\n,\r\n\r\n"",""\r\nz,\r\n')).toEqual([
      ['a', 'b'],
      [' x ', ' y '],
      ['', ''],
      [''],
      ['', ''],
      ['z', ''],
    ]);
  });

  it('a quote inside an unquoted cell is text, spaces around a quoted cell are ignored (fast-csv rules)', async () => {
    expect(await cells('a,b\r\n5" screen,x"y\r\n  "q" ,z\r\n')).toEqual([
      ['a', 'b'],
      ['5" screen', 'x"y'],
      ['q', 'z'],
    ]);
  });

  it('removes the formula-injection apostrophe from every cell, header included', async () => {
    expect(await cells("'=id,b\r\n'+1,'-2\r\n'@x,'\tx\r\n'a,''=b\r\n")).toEqual([
      ['=id', 'b'],
      ['+1', '-2'],
      ['@x', '\tx'],
      ["'a", "'=b"],
    ]);
  });

  it.each([
    ['semicolon', 'a;b;c\r\n1;"2;3";4\r\n', ';'],
    ['tab', 'a\tb\tc\r\n1\t"2\t3"\t4\r\n', '\t'],
    ['comma', 'a,b,c\r\n1,"2,3",4\r\n', ','],
  ])('detects the %s delimiter from the header', async (_name, text, delimiter) => {
    const { info, records } = readCsvWithInfo(chunked(Buffer.from(text), 0));
    const out: string[][] = [];
    for await (const r of records) out.push(r.cells);
    expect(out).toEqual([
      ['a', 'b', 'c'],
      ['1', `2${delimiter}3`, '4'],
    ]);
    expect(await info).toEqual({ encoding: 'utf8', delimiter, bom: false });
  });

  it('a quoted header cell spanning lines does not end the header', async () => {
    const { info, records } = readCsvWithInfo(chunked(Buffer.from('"a\r\nb";c\r\n1;2\r\n'), 0));
    const out: string[][] = [];
    for await (const r of records) out.push(r.cells);
    expect(out).toEqual([
      ['a\r\nb', 'c'],
      ['1', '2'],
    ]);
    expect((await info).delimiter).toBe(';');
  });

  it('reports a BOM and the encoding', async () => {
    const { info, records } = readCsvWithInfo(chunked(Buffer.from(`${BOM}a;é\r\n`), 0));
    for await (const r of records) expect(r.cells).toEqual(['a', 'é']);
    expect(await info).toEqual({ encoding: 'utf8', delimiter: ';', bom: true });
  });

  it('reads Windows-1252, also when the first accent comes after the first 64 KiB', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},plain ascii row number ${i}`);
    const text = `id,name\r\n${rows.join('\r\n')}\r\n9999,Zoë Œuvre €\r\n`;
    const bytes = iconv.encode(text, 'windows-1252');
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    expect(bytes.length).toBeLessThan(MAX_SAMPLE_BYTES);
    const { info, records } = readCsvWithInfo(chunked(bytes, 4096));
    const out: CsvRecord[] = [];
    for await (const r of records) out.push(r);
    expect(out[out.length - 1]).toEqual({ line: 3002, cells: ['9999', 'Zoë Œuvre €'] });
    expect(await info).toEqual({ encoding: 'windows-1252', delimiter: ',', bom: false });
  });

  it('reads UTF-8 characters cut across chunks', async () => {
    const text = `a,b\r\n${'é😀€,ü'.repeat(5000)}\r\n`;
    expect(await cells(text, undefined, 7)).toEqual(await cells(text));
    expect((await cells(text, undefined, 7))[1][0]).toBe('é😀€');
  });

  it('gives the same records whatever the chunk boundaries (every split of a tricky file)', async () => {
    const text = `${BOM}id;"x""y";z\r\n1;"a;\r\nb";\r\n2;"""q""";'=1\r\n\r\n3; "s" ;t\r4;5;6\n`;
    const expected = await read(text);
    expect(expected.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6]);
    for (let size = 1; size <= Buffer.byteLength(text); size++)
      expect(await read(text, undefined, size)).toEqual(expected);
  });

  it('accepts string chunks', async () => {
    const out: CsvRecord[] = [];
    for await (const r of readCsv(Readable.from(['a,b\r\n', '1,2\r\n']))) out.push(r);
    expect(out.map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('stops reading the input when the consumer stops', async () => {
    const input = chunked(Buffer.from(`a,b\r\n${'1,2\r\n'.repeat(100000)}`), 1024);
    for await (const r of readCsv(input)) if (r.line === 2) break;
    expect(input.destroyed).toBe(true);
  });

  it('rejects invalid options', () => {
    expect(() => readCsv(chunked(Buffer.from('a'), 0), { maxLineBytes: 0 })).toThrow(RangeError);
    expect(() => readCsv(chunked(Buffer.from('a'), 0), { maxCells: 1.5 })).toThrow(RangeError);
  });
});

describe('readCsv: CsvInputError', () => {
  const cases: [string, string | Buffer, CsvReadOptions | undefined, CsvInputErrorCode, number][] = [
    ['empty file', '', undefined, 'EMPTY_FILE', 1],
    ['only a BOM', BOM, undefined, 'EMPTY_FILE', 1],
    ['only blank lines', '\r\n  \r\n\r\n', undefined, 'EMPTY_FILE', 1],
    ['UTF-16 LE BOM', Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x2c, 0x00]), undefined, 'UNSUPPORTED_ENCODING', 1],
    ['UTF-16 BE BOM', Buffer.from([0xfe, 0xff, 0x00, 0x61, 0x00, 0x2c]), undefined, 'UNSUPPORTED_ENCODING', 1],
    ['UTF-16 without BOM', iconv.encode('a,b\r\n1,2\r\n', 'utf16le'), undefined, 'BINARY_CONTENT', 1],
    ['NUL on line 3', 'a,b\r\n1,2\r\n3,\0\r\n', undefined, 'BINARY_CONTENT', 3],
    ['NUL inside a multi-line quoted cell on line 2', 'a,b\r\n1,"x\r\ny\0"\r\n', undefined, 'BINARY_CONTENT', 2],
    ['binary data', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]), undefined, 'BINARY_CONTENT', 1],
    [
      'unterminated quote at EOF, opened on line 3',
      'a,b\r\n1,"multi\r\nline"\r\n2,"never closed\r\n3,x\r\n4,y\r\n',
      undefined,
      'UNTERMINATED_QUOTE',
      3,
    ],
    ['unterminated quote in the header', '"a,b\r\n1,2\r\n', undefined, 'UNTERMINATED_QUOTE', 1],
    ['unterminated quote at the very end', 'a,b\r\n1,"', undefined, 'UNTERMINATED_QUOTE', 2],
    [
      'unterminated quote running past the line limit',
      `a,b\r\n1,2\r\n3,"x\r\n${'4,y\r\n'.repeat(100)}`,
      { maxLineBytes: 50 },
      'UNTERMINATED_QUOTE',
      3,
    ],
    ['line too long', `a,b\r\n1,2\r\n3,${'x'.repeat(60)}\r\n4,5\r\n`, { maxLineBytes: 50 }, 'LINE_TOO_LONG', 3],
    ['line too long at EOF without line end', `a,b\r\n1,${'x'.repeat(60)}`, { maxLineBytes: 50 }, 'LINE_TOO_LONG', 2],
    ['header too long', `${'h'.repeat(60)},b\r\n1,2\r\n`, { maxLineBytes: 50 }, 'LINE_TOO_LONG', 1],
    ['too many cells', `a,b\r\n1,2\r\n${'x,'.repeat(10)}x\r\n`, { maxCells: 10 }, 'TOO_MANY_CELLS', 3],
    ['text after a closing quote', 'a,b\r\n1,2\r\n3,"x"y\r\n', undefined, 'MALFORMED_CSV', 3],
    ['text after a closing quote on the header', '"a"b,c\r\n', undefined, 'MALFORMED_CSV', 1],
  ];

  it.each(cases)('%s -> %s', async (_name, input, options, code, line) => {
    for (const chunk of [0, 1, 3]) {
      const error = await failure(input, options, chunk);
      expect({ code: error.code, line: error.line }).toEqual({ code, line });
      expect(error.message.length).toBeGreaterThan(30);
      expect(error.name).toBe('CsvInputError');
    }
  });

  it('every code is covered above', () => {
    const all: CsvInputErrorCode[] = [
      'LINE_TOO_LONG',
      'TOO_MANY_CELLS',
      'UNTERMINATED_QUOTE',
      'BINARY_CONTENT',
      'UNSUPPORTED_ENCODING',
      'EMPTY_FILE',
      'MALFORMED_CSV',
    ];
    expect(new Set(cases.map((c) => c[3]))).toEqual(new Set(all));
  });

  it('exactly at the limits is accepted', async () => {
    expect(await cells(`a,b\r\n${'x'.repeat(48)},y\r\n`, { maxLineBytes: 50 })).toEqual([
      ['a', 'b'],
      ['x'.repeat(48), 'y'],
    ]);
    expect((await cells(`a\r\n${'x,'.repeat(9)}x\r\n`, { maxCells: 10 }))[1]).toHaveLength(10);
  });

  it('the messages say what is wrong and where', async () => {
    expect((await failure('a,b\r\n1,"open\r\n')).message).toMatch(/^Line 2: .*quote.*never closed/);
    expect((await failure(`a\r\n${'x'.repeat(20)}\r\n`, { maxLineBytes: 10 })).message).toMatch(
      /^Line 2 is longer than 10 characters/,
    );
    expect((await failure(Buffer.from([0xff, 0xfe, 0x61, 0]))).message).toMatch(/UTF-16.*CSV UTF-8/);
  });

  it('fails fast on a runaway line: reads little more than the limit of an endless input', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 65536;
        this.push(Buffer.alloc(65536, 0x61)); // "aaaa…" and never a line end
      },
    });
    const error = await (async () => {
      try {
        for await (const _ of readCsv(endless, { maxLineBytes: 1024 * 1024 })) void _;
      } catch (e) {
        return e as CsvInputError;
      }
    })();
    expect(error).toMatchObject({ code: 'LINE_TOO_LONG', line: 1 });
    expect(produced).toBeLessThan(4 * 1024 * 1024);
  });

  it('fails fast on an unterminated quote in an endless input, naming the line it opened on', async () => {
    let sent = 0;
    const endless = new Readable({
      read() {
        this.push(sent++ === 0 ? Buffer.from('a,b\r\n1,2\r\n2,"open\r\n') : Buffer.from('3,x\r\n'.repeat(10000)));
      },
    });
    await expect(
      (async () => {
        for await (const _ of readCsv(endless, { maxLineBytes: 100_000 })) void _;
      })(),
    ).rejects.toMatchObject({ code: 'UNTERMINATED_QUOTE', line: 3 });
  });

  it('yields the records before the error', async () => {
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const r of readCsv(chunked(Buffer.from(`a,b\r\n1,2\r\n${'x'.repeat(70000)}\r\n`), 0), {
          maxLineBytes: 65536,
        }))
          seen.push(r.line);
      })(),
    ).rejects.toMatchObject({ code: 'LINE_TOO_LONG', line: 3 });
    expect(seen).toEqual([]); // the error comes from the first chunk: nothing of it is given
    const later: number[] = [];
    const big = `a,é\r\n${'1,2\r\n'.repeat(40000)}${'x'.repeat(70000)}\r\n`;
    await expect(
      (async () => {
        for await (const r of readCsv(chunked(Buffer.from(big), 65536), { maxLineBytes: 65536 })) later.push(r.line);
      })(),
    ).rejects.toMatchObject({ code: 'LINE_TOO_LONG', line: 40002 });
    expect(later.length).toBeGreaterThan(0);
    expect(later[later.length - 1]).toBeLessThan(40002);
  });

  it('info rejects with the same error', async () => {
    const { info, records } = readCsvWithInfo(chunked(Buffer.from([0xff, 0xfe, 0x61, 0]), 0));
    await expect(
      (async () => {
        for await (const _ of records) void _;
      })(),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED_ENCODING' });
    await expect(info).rejects.toMatchObject({ code: 'UNSUPPORTED_ENCODING' });
  });

  it('passes on an error of the input stream', async () => {
    const broken = new Readable({
      read() {
        this.destroy(new Error('disk gone'));
      },
    });
    await expect(
      (async () => {
        for await (const _ of readCsv(broken)) void _;
      })(),
    ).rejects.toThrow('disk gone');
  });
});

describe('readCsv agrees with fast-csv on arbitrary CSV text', () => {
  // Text made of the characters that matter; whatever it is, the guard and fast-csv must not
  // disagree: either records come out or a CsvInputError does, never another exception, and
  // never the MALFORMED_CSV fallback raised when fast-csv rejects what the guard let through.
  // fast-csv's "space" is \s: NBSP, U+FEFF and U+2028 are spaces to it too.
  const text = fc.stringMatching(/^[a,;"\r\n \t'=\u00a0\ufeff\u2028]{0,40}$/);
  it('property', async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.integer({ min: 0, max: 5 }), async (t, chunk) => {
        try {
          const records = await read(`h1,h2\r\n${t}`, undefined, chunk);
          expect(records[0].cells).toEqual(['h1', 'h2']);
          records.forEach((r, i) => expect(r.line).toBe(i + 1));
        } catch (error) {
          expect(error).toBeInstanceOf(CsvInputError);
          expect((error as Error).message).not.toMatch(/is not valid CSV after line/);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('property: the guard counts records as fast-csv does (an unterminated quote after them names the next line)', async () => {
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        let records: CsvRecord[];
        try {
          records = await read(`h1,h2\r\n${t}\r\n`);
        } catch {
          return; // not a readable file: nothing to compare
        }
        const error = await failure(`h1,h2\r\n${t}\r\n"open\r\nmore\r\n`);
        expect({ code: error.code, line: error.line }).toEqual({
          code: 'UNTERMINATED_QUOTE',
          line: records.length + 1,
        });
      }),
      { numRuns: 1500 },
    );
  });
});
