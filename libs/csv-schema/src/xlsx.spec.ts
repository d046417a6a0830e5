import { PassThrough, Readable } from 'stream';
import * as ExcelJS from 'exceljs';
import fc from 'fast-check';
import { createXlsxTemplateWriter } from './xlsx-writer';
import type { XlsxReadOptions, XlsxRecord } from './xlsx-reader';
import { readXlsx, SHARED_STRING_OVERHEAD_BYTES, XlsxInputError } from './xlsx-reader';
import { decodeXlsxText, encodeXlsxText } from './xlsx-text';
import { declareUnzippedSize, rawWorkbook, workbookParts } from '../../../test/fixtures/bad-input/generated';
import { zipOf } from '../../../test/utils/zip';

async function writeTemplate(header: string[], rows: string[][], booleanColumns: number[] = []): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const writer = createXlsxTemplateWriter(output, { header, booleanColumns });
  for (const row of rows) await writer.addRow(row);
  await writer.finish();
  return Buffer.concat(chunks);
}

async function readAll(bytes: Buffer, options?: XlsxReadOptions): Promise<XlsxRecord[]> {
  const records: XlsxRecord[] = [];
  for await (const record of readXlsx(Readable.from([bytes]), options)) records.push(record);
  return records;
}

async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

// Any text a template cell may hold: printable Unicode (accents, emoji, CJK), spaces at either end, line breaks,
// tabs, control characters, and the shapes spreadsheets like to reinterpret.
const tricky = fc.constantFrom(
  '007',
  '0012',
  '03.04',
  '1.10',
  '3.0',
  '1e5',
  '-5',
  '+33 6 12',
  '=SUM(1)',
  "'=SUM(1)",
  '@x',
  'TRUE',
  'FALSE',
  'true',
  't',
  'VRAI',
  '2024-01-02',
  '01/02/2024',
  'A|B|C',
  'Dupré',
  'Ça',
  'Müller',
  'Ørsted',
  '日本',
  '😀',
  ' padded ',
  'a\r\nb',
  'tab\there',
  '\u0001ctl',
  '_x0041_',
  '_x005F_',
  '12345678901234567890',
  '"quoted"',
  '<b>&amp;</b>',
);
const cell = fc.oneof(
  { weight: 3, arbitrary: tricky },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  // Lone surrogates are left out: UTF-8 cannot hold them, in XLSX or CSV.
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: 'binary', maxLength: 20 })
      .filter((text) => !/[\uD800-\uDFFF]/.test(text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))),
  },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1000, maxLength: 5000 }) },
);

describe('xlsx text escapes', () => {
  it('decode(encode(x)) === x for every string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => decodeXlsxText(encodeXlsxText(text)) === text));
  });

  it('writes what XML cannot hold and what XML parsers change as _xHHHH_', () => {
    expect(encodeXlsxText('a\r\nb\u0001')).toBe('a_x000D_\nb_x0001_');
    expect(encodeXlsxText('_x0041_')).toBe('_x005F_x0041_');
    expect(decodeXlsxText('_x005F_x0041_ and _x000D_')).toBe('_x0041_ and \r');
  });
});

describe('XLSX template writer -> reader', () => {
  it('gives back every cell exactly, header first, with spreadsheet line numbers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }).chain((width) =>
          fc.tuple(
            fc.array(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }), {
              minLength: width,
              maxLength: width,
            }),
            fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 8 }),
          ),
        ),
        async ([header, rows]) => {
          const records = await readAll(await writeTemplate(header, rows));
          // Rows with no value at all are left out, like blank lines; every other row keeps its own line number.
          const expected = [header, ...rows]
            .map((cells, index) => ({ line: index + 1, cells }))
            .filter((record) => record.cells.some((value) => value !== ''));
          expect(records).toEqual(expected);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('types every cell and column as text, freezes the header and puts a TRUE/FALSE list on authorization columns', async () => {
    const header = ['contact_id', 'last_name', '[old] NEWSLETTER', '[new] NEWSLETTER', '[old] MUSIC', '[new] MUSIC'];
    const bytes = await writeTemplate(
      header,
      [
        ['1', 'Dupré', 'TRUE', 'TRUE', '007', '007'],
        ['2', 'Ça', '', '', '03.04', '03.04'],
      ],
      [2, 3],
    );
    const sheet = (await loadWorkbook(bytes)).worksheets[0];
    expect(sheet.getCell('E2').value).toBe('007');
    expect(sheet.getCell('E2').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('E2').numFmt).toBe('@');
    expect(sheet.getCell('C3').numFmt).toBe('@'); // an empty cell: what a user types there stays text
    expect(sheet.getColumn(6).numFmt).toBe('@');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    for (const address of ['C2', 'D3']) {
      expect(sheet.getCell(address).dataValidation).toMatchObject({
        type: 'list',
        allowBlank: true,
        formulae: ['"TRUE,FALSE"'],
      });
    }
    expect(sheet.getCell('E2').dataValidation).toBeUndefined();
  });

  it('waits for a slow output instead of buffering the whole file', async () => {
    const output = new PassThrough({ highWaterMark: 1024 });
    const writer = createXlsxTemplateWriter(output, { header: ['contact_id', '[new] X'], booleanColumns: [1] });
    let size = 0;
    let paused = true;
    const drained = new Promise<void>((resolve) => output.on('end', resolve));
    setTimeout(() => {
      paused = false;
      output.on('data', (chunk: Buffer) => (size += chunk.length));
    }, 50);
    const started = Date.now();
    for (let i = 0; i < 5000; i++) await writer.addRow([String(i), i % 2 ? 'TRUE' : 'FALSE']);
    // The rows could not all have been written before the consumer started reading.
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    await writer.finish();
    await drained;
    expect(paused).toBe(false);
    expect(size).toBeGreaterThan(1000);
  });

  it('keeps memory flat: the sheet does not pile up in buffers whatever the number of rows', async () => {
    const output = new PassThrough();
    output.on('data', () => undefined); // a consumer as fast as a file
    const writer = createXlsxTemplateWriter(output, {
      header: ['contact_id', 'email', '[old] A', '[new] A'],
      booleanColumns: [2, 3],
    });
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = 0;
    // ~25 MB of sheet XML: buffered whole, it would show.
    for (let i = 1; i <= 120000; i++) {
      await writer.addRow([String(i), `someone.${i}@example.org`, 'TRUE', i % 3 ? 'FALSE' : '']);
      if (i % 10000 === 0) peak = Math.max(peak, process.memoryUsage().arrayBuffers - baseline);
    }
    await writer.finish();
    // Well under the 25 MB a buffered sheet would hold; not tighter, as garbage not yet collected counts too (a busy
    // machine collects later: 12.6 MB was seen with eight test processes on two cores).
    expect(peak).toBeLessThan(16 * 1024 * 1024);
  });

  it('keeps accents and entities whole across the chunks of a large sheet', async () => {
    const rows = Array.from({ length: 4000 }, (_, i) => [String(i), `Dupré Zoé Müller Ørsted 日本 😀 &amp; <${i}>`]);
    const records = await readAll(await writeTemplate(['contact_id', 'name'], rows));
    expect(records).toHaveLength(4001);
    expect(records.slice(1).filter((record, i) => record.cells[1] !== rows[i][1])).toEqual([]);
  });

  it('refuses a cell Excel could not hold', async () => {
    const writer = createXlsxTemplateWriter(new PassThrough(), { header: ['a'], booleanColumns: [] });
    expect(() => writer.addRow(['x'.repeat(32768)])).toThrow(/longer than 32767/);
  });
});

describe('readXlsx on workbooks a spreadsheet saved', () => {
  async function workbookBytes(fill: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    fill(workbook);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  it('reads booleans, numbers, dates, rich text, formulas and errors as template text', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Feuille 1');
      sheet.addRow(['contact_id', '[new] NEWSLETTER', '[new] MUSIC', '[new] DAY', 'note', 'calc', 'err']);
      sheet.addRow([
        7,
        true,
        3.04,
        new Date(Date.UTC(2024, 0, 2)),
        { richText: [{ text: 'Du', font: { bold: true } }, { text: 'pré' }] },
        { formula: 'A2*2', result: 14 },
        { error: '#N/A' },
      ]);
      sheet.addRow([12345678901234567000, false, 0.1 + 0.2, null, 'x', { formula: 'UPPER("a")', result: 'A' }, '']);
      sheet.getCell('D2').numFmt = 'dd/mm/yyyy';
      sheet.getRow(6).getCell(1).value = 42; // rows 4 and 5 do not exist
      sheet.getRow(6).getCell(3).value = 1e21;
      sheet.getRow(7).getCell(2).value = { formula: 'TODAY()', result: new Date(Date.UTC(2025, 11, 31)) };
      sheet.getCell('D7').numFmt = '[$-409]d-mmm-yy;@';
      sheet.getCell('D7').value = 45000;
      workbook.addWorksheet('notes').addRow(['ignored']);
    });
    expect(await readAll(bytes)).toEqual([
      { line: 1, cells: ['contact_id', '[new] NEWSLETTER', '[new] MUSIC', '[new] DAY', 'note', 'calc', 'err'] },
      { line: 2, cells: ['7', 'TRUE', '3.04', '02.01.2024', 'Dupré', '14', '#N/A'] },
      { line: 3, cells: ['12345678901234567000', 'FALSE', '0.30000000000000004', '', 'x', 'A', ''] },
      { line: 6, cells: ['42', '', '1e+21', '', '', '', ''] },
      { line: 7, cells: ['', '31.12.2025', '', '15.03.2023', '', '', ''] },
    ]);
  });

  it('reads the first sheet only', async () => {
    const bytes = await workbookBytes((workbook) => {
      workbook.addWorksheet('template').addRow(['contact_id']);
      workbook.addWorksheet('other').addRow(['nope']);
      workbook.getWorksheet('template')!.addRow(['1']);
    });
    expect(await readAll(bytes)).toEqual([
      { line: 1, cells: ['contact_id'] },
      { line: 2, cells: ['1'] },
    ]);
  });

  it('pads short rows to the header width and keeps longer ones whole', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('s');
      sheet.addRow(['contact_id', 'a', 'b']);
      sheet.addRow(['1']);
      sheet.addRow(['2', '', '', 'extra']);
      sheet.addRow(['', '', '']);
    });
    expect(await readAll(bytes)).toEqual([
      { line: 1, cells: ['contact_id', 'a', 'b'] },
      { line: 2, cells: ['1', '', ''] },
      { line: 3, cells: ['2', '', '', 'extra'] },
    ]);
  });

  it('stops at a row with more cells than allowed', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('s');
      sheet.addRow(['contact_id', 'a']);
      sheet.getCell('Z3').value = 'far';
    });
    await expect(readAll(bytes, { maxCells: 10 })).rejects.toMatchObject({ code: 'TOO_MANY_CELLS', line: 3 });
  });

  it('refuses a workbook whose shared strings would not fit in memory', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('s');
      sheet.addRow(['contact_id', 'name']);
      for (let i = 1; i <= 100; i++) sheet.addRow([String(i), `name number ${i}`]);
    });
    await expect(readAll(bytes, { maxSharedStringBytes: 500 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
    expect(await readAll(bytes)).toHaveLength(101);
    // Each distinct text costs its overhead plus 2 bytes a character: the exact sum passes, a byte less does not.
    const texts = new Set(['contact_id', 'name']);
    for (let i = 1; i <= 100; i++) texts.add(String(i)).add(`name number ${i}`);
    const cost = [...texts].reduce((sum, text) => sum + SHARED_STRING_OVERHEAD_BYTES + 2 * text.length, 0);
    expect(await readAll(bytes, { maxSharedStringBytes: cost })).toHaveLength(101);
    await expect(readAll(bytes, { maxSharedStringBytes: cost - 1 })).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringContaining('MAX_XLSX_SHARED_STRING_BYTES'),
    });
  });

  it('says so when the file is no workbook or has nothing in it', async () => {
    const notXlsx = readAll(Buffer.from('contact_id,a\r\n1,2\r\n'));
    await expect(notXlsx).rejects.toBeInstanceOf(XlsxInputError);
    await expect(notXlsx).rejects.toMatchObject({ code: 'MALFORMED_XLSX' });
    const empty = await workbookBytes((workbook) => void workbook.addWorksheet('empty'));
    await expect(readAll(empty)).rejects.toMatchObject({ code: 'EMPTY_FILE', line: 1 });
  });
});

describe('readXlsx counts what every part of the workbook really inflates to', () => {
  const MiB = 1024 * 1024;
  const ROWS = [
    ['contact_id', 'name'],
    ['1', 'Ann'],
  ];
  const LOOSE_RATIO = 1_000_000; // zeros deflate about 1,000:1: only the total is judged
  const sheetPadded = (padding: number) => {
    const sheet = workbookParts(ROWS).find((part) => part.name === 'xl/worksheets/sheet1.xml')!;
    return {
      name: sheet.name,
      data: Buffer.from(sheet.data.replace('</sheetData>', `</sheetData>${' '.repeat(padding)}`)),
    };
  };
  /**
   * The minimal workbook with `lies` in place of its parts of the same name, or else just before its sheet; each
   * declares 1,000 bytes unzipped.
   */
  async function lying(lies: { name: string; data: Buffer | string }[]): Promise<Buffer> {
    const parts: { name: string; data: Buffer | string }[] = workbookParts(ROWS);
    for (const lie of lies) {
      const at = parts.findIndex((part) => part.name === lie.name);
      if (at >= 0) parts[at] = lie;
      else parts.splice(parts.length - 1, 0, lie);
    }
    return declareUnzippedSize(
      await zipOf(parts, 9),
      lies.map((part) => part.name),
      1000,
    );
  }

  it('reads the minimal workbook within tight limits', async () => {
    const records = await readAll(await zipOf(workbookParts(ROWS)), {
      inflateLimits: { maxUnzippedBytes: 64 * 1024, maxRatio: 2 },
    });
    expect(records.map((record) => record.cells)).toEqual(ROWS);
  });

  it('stops a part no reader looks at, which still inflates, however small its declared size', async () => {
    const bytes = await lying([{ name: 'docProps/thumbnail.jpeg', data: Buffer.alloc(16 * MiB) }]);
    await expect(readAll(bytes)).rejects.toMatchObject({
      code: 'ZIP_RATIO',
      message: expect.stringContaining('more than 200:1'),
    });
    await expect(
      readAll(bytes, { inflateLimits: { maxUnzippedBytes: 4 * MiB, maxRatio: LOOSE_RATIO } }),
    ).rejects.toMatchObject({
      code: 'ZIP_TOO_LARGE',
      message: expect.stringContaining(`larger than ${4 * MiB} bytes once unzipped`),
    });
  });

  it('stops a sheet spooled to disk (no shared strings before it) and a sheet being read', async () => {
    const limits = { inflateLimits: { maxUnzippedBytes: 4 * MiB, maxRatio: LOOSE_RATIO } };
    await expect(readAll(await lying([sheetPadded(16 * MiB)]), limits)).rejects.toMatchObject({
      code: 'ZIP_TOO_LARGE',
    });
    const read = await lying([
      {
        name: 'xl/sharedStrings.xml',
        data: '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
      },
      sheetPadded(16 * MiB),
    ]);
    const seen: string[][] = [];
    const reading = (async () => {
      for await (const record of readXlsx(Readable.from([read]), limits)) seen.push(record.cells);
    })();
    await expect(reading).rejects.toMatchObject({ code: 'ZIP_TOO_LARGE' });
    expect(seen).toEqual(ROWS); // the rows before the padding came out; the import fails as a whole
  });

  it('stops a sheet spooled because the zip had not yet said which sheet is first (xl/workbook.xml after it)', async () => {
    const parts = workbookParts(ROWS);
    const book = parts.find((part) => part.name === 'xl/workbook.xml')!;
    const rest = parts.filter((part) => part !== book && part.name !== 'xl/worksheets/sheet1.xml');
    const strings = {
      name: 'xl/sharedStrings.xml',
      data: '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
    };
    const bytes = await zipOf([...rest, strings, sheetPadded(8 * MiB), book], 9);
    await expect(
      readAll(bytes, { inflateLimits: { maxUnzippedBytes: 4 * MiB, maxRatio: LOOSE_RATIO } }),
    ).rejects.toMatchObject({ code: 'ZIP_TOO_LARGE' });
    const records = await readAll(bytes, { inflateLimits: { maxUnzippedBytes: 16 * MiB, maxRatio: LOOSE_RATIO } });
    expect(records.map((record) => record.cells)).toEqual(ROWS);
  });

  it('counts the parts together', async () => {
    const bytes = await lying([
      { name: 'docProps/a.bin', data: Buffer.alloc(3 * MiB) },
      { name: 'docProps/b.bin', data: Buffer.alloc(3 * MiB) },
    ]);
    await expect(
      readAll(bytes, { inflateLimits: { maxUnzippedBytes: 5 * MiB, maxRatio: LOOSE_RATIO } }),
    ).rejects.toMatchObject({ code: 'ZIP_TOO_LARGE' });
    expect(await readAll(bytes, { inflateLimits: { maxUnzippedBytes: 7 * MiB, maxRatio: LOOSE_RATIO } })).toHaveLength(
      2,
    );
  });

  it('fails with the error of its input (a zipped workbook stopped by its own guard), wherever exceljs is', async () => {
    const bytes = await zipOf(workbookParts(ROWS));
    for (const cut of [10, 200, Math.floor(bytes.length / 2), bytes.length - 30]) {
      const stopped = new Error('the zip around the workbook inflated past its limits');
      const input = new Readable({ read() {} });
      input.push(bytes.subarray(0, cut));
      setImmediate(() => input.destroy(stopped));
      await expect(readFrom(input)).rejects.toBe(stopped);
    }
  });
});

async function readFrom(input: Readable): Promise<XlsxRecord[]> {
  const records: XlsxRecord[] = [];
  for await (const record of readXlsx(input)) records.push(record);
  return records;
}

describe('readXlsx reads the sheet the workbook lists first (the first tab), whatever the order of its parts', () => {
  const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
  const DOC = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const DATA = [
    ['contact_id', '[new] NEWSLETTER'],
    ['1', 'TRUE'],
  ];
  const NOTES = [['Notes: saved after editing'], ['do not import this']];

  /**
   * A hand-made two-sheet workbook: the data sheet is listed first (first tab) and lives in `sheet{dataPart}.xml`,
   * the notes sheet in the other part. Its strings are inline, or in xl/sharedStrings.xml. The workbook's own parts
   * come before the worksheets, after them, or around them (relationships and strings before, workbook.xml after).
   */
  function twoSheets(options: {
    dataPart: 1 | 2;
    shared: boolean;
    order: 'book first' | 'sheets first' | 'around';
    absoluteTargets?: boolean;
  }) {
    const strings: string[] = [];
    const cell = (text: string, ref: string) => {
      if (!options.shared) return `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
      strings.push(text);
      return `<c r="${ref}" t="s"><v>${strings.length - 1}</v></c>`;
    };
    const sheet = (rows: string[][]) =>
      `<worksheet xmlns="${MAIN}"><sheetData>${rows
        .map(
          (row, r) =>
            `<row r="${r + 1}">${row.map((text, c) => cell(text, `${String.fromCharCode(65 + c)}${r + 1}`)).join('')}</row>`,
        )
        .join('')}</sheetData></worksheet>`;
    const notesPart = options.dataPart === 1 ? 2 : 1;
    const sheets = [
      { part: options.dataPart, data: sheet(DATA) },
      { part: notesPart, data: sheet(NOTES) },
    ]
      .sort((a, b) => a.part - b.part)
      .map((s) => ({ name: `xl/worksheets/sheet${s.part}.xml`, data: s.data }));
    const target = (part: number) => `${options.absoluteTargets ? '/xl/' : ''}worksheets/sheet${part}.xml`;
    const types = {
      name: '[Content_Types].xml',
      data:
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        [1, 2]
          .map(
            (n) =>
              `<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join('') +
        '</Types>',
    };
    // The data sheet is listed first: its relationship id says nothing of its part's number.
    const workbook = {
      name: 'xl/workbook.xml',
      data: `<workbook xmlns="${MAIN}" xmlns:r="${DOC}"><sheets><sheet name="Contacts" sheetId="7" r:id="rId9"/><sheet name="Notes" sheetId="3" r:id="rId2"/></sheets></workbook>`,
    };
    const rels = {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        `<Relationships xmlns="${RELS}"><Relationship Id="rId2" Type="${DOC}/worksheet" Target="${target(notesPart)}"/>` +
        `<Relationship Id="rId9" Type="${DOC}/worksheet" Target="${target(options.dataPart)}"/></Relationships>`,
    };
    const shared = options.shared
      ? [
          {
            name: 'xl/sharedStrings.xml',
            data: `<sst xmlns="${MAIN}">${strings.map((text) => `<si><t>${text}</t></si>`).join('')}</sst>`,
          },
        ]
      : [];
    const parts =
      options.order === 'book first'
        ? [types, workbook, rels, ...shared, ...sheets]
        : options.order === 'sheets first'
          ? [types, ...sheets, workbook, rels, ...shared]
          : [types, rels, ...shared, ...sheets, workbook];
    return zipOf(parts);
  }

  const cases = [1, 2].flatMap((dataPart) =>
    [false, true].flatMap((shared) =>
      (['book first', 'sheets first', 'around'] as const).flatMap((order) =>
        [false, true].map((absoluteTargets) => ({ dataPart: dataPart as 1 | 2, shared, order, absoluteTargets })),
      ),
    ),
  );
  it('says so when the sheet listed first is not in the file', async () => {
    const parts = workbookParts(DATA).map((part) =>
      part.name === 'xl/_rels/workbook.xml.rels'
        ? { ...part, data: part.data.replace('worksheets/sheet1.xml', 'worksheets/sheet5.xml') }
        : part,
    );
    await expect(readAll(await zipOf(parts))).rejects.toMatchObject({
      code: 'MALFORMED_XLSX',
      message: expect.stringContaining('xl/worksheets/sheet5.xml'),
    });
  });

  it.each(cases)(
    'data sheet listed first in part sheet$dataPart, shared strings: $shared, workbook parts: $order, absolute targets: $absoluteTargets',
    async (options) => {
      const records = await readAll(await twoSheets(options));
      expect(records).toEqual(DATA.map((cells, i) => ({ line: i + 1, cells })));
    },
  );
});

describe('readXlsx bounds what a hostile sheet makes it hold', () => {
  const inline = (ref: string, text = 'x') => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const row = (r: number | string, ...cells: string[]) => `<row r="${r}">${cells.join('')}</row>`;
  const header = row(1, inline('A1', 'contact_id'), inline('B1', 'a'), inline('C1', 'b'));

  it('refuses a cell beyond column XFD, naming it, without allocating the row (ZZZZ1)', async () => {
    const read = readAll(await rawWorkbook(row(1, inline('ZZZZ1'))));
    await expect(read).rejects.toBeInstanceOf(XlsxInputError);
    await expect(read).rejects.toMatchObject({ code: 'MALFORMED_XLSX', line: 1 });
    await expect(read).rejects.toThrow(/^Cell ZZZZ1 is beyond column XFD, the last a workbook can have/);
  });

  it('refuses an empty cell beyond XFD too, and references of any length or shape', async () => {
    await expect(readAll(await rawWorkbook(header + row(2, '<c r="XFE2"/>')))).rejects.toMatchObject({
      code: 'MALFORMED_XLSX',
      line: 2,
      message: expect.stringMatching(/^Cell XFE2 is beyond column XFD/),
    });
    const long = `${'Z'.repeat(40)}1`;
    await expect(readAll(await rawWorkbook(row(1, inline(long))))).rejects.toMatchObject({
      code: 'MALFORMED_XLSX',
      message: expect.stringMatching(/^Cell Z{20} is beyond column XFD/),
    });
    await expect(readAll(await rawWorkbook(header + row(2, inline('1A'))))).rejects.toMatchObject({
      code: 'MALFORMED_XLSX',
      line: 2,
      message: expect.stringContaining('"1A" is not a cell reference'),
    });
    // Cells without a reference follow each other: the 16385th is beyond XFD as well.
    const unnamed = '<c t="inlineStr"><is><t>x</t></is></c>'.repeat(16_385);
    await expect(readAll(await rawWorkbook(row(1, unnamed)), { maxCells: 20_000 })).rejects.toMatchObject({
      code: 'MALFORMED_XLSX',
      message: expect.stringMatching(/^Cell XFE1 is beyond column XFD/),
    });
  });

  it('refuses a row numbered beyond 1048576', async () => {
    await expect(readAll(await rawWorkbook(header + row(1_048_577, inline('A1048577'))))).rejects.toMatchObject({
      code: 'MALFORMED_XLSX',
      line: 1,
      message: expect.stringContaining('numbered "1048577"'),
    });
  });

  it('refuses a header as wide as XFD1048576 (more cells than a row may have), naming the cell', async () => {
    const read = readAll(await rawWorkbook(row(1_048_576, inline('XFD1048576'))));
    await expect(read).rejects.toMatchObject({ code: 'TOO_MANY_CELLS', line: 1_048_576 });
    await expect(read).rejects.toThrow(/column 16384 \(cell XFD1048576\), but a row may have at most 10000 cells/);
  });

  it('reads a row a little wider than the header whole (its row is refused), but stops at one far right of it', async () => {
    expect(await readAll(await rawWorkbook(header + row(2, inline('A2', '1'), inline('E2', 'note'))))).toEqual([
      { line: 1, cells: ['contact_id', 'a', 'b'] },
      { line: 2, cells: ['1', '', '', '', 'note'] },
    ]);
    // C + 256 = IY; IZ is one further.
    expect(await readAll(await rawWorkbook(header + row(2, inline('IY2'))))).toHaveLength(2);
    const far = readAll(await rawWorkbook(header + row(2, inline('A2', '1')) + row(3, inline('XFD3'))));
    await expect(far).rejects.toMatchObject({ code: 'TOO_MANY_CELLS', line: 3 });
    await expect(far).rejects.toThrow(
      "Cell XFD3 is beyond the header's last column (C) by more than 256 columns; delete what is right of the table.",
    );
    await expect(readAll(await rawWorkbook(header + row(2, inline('IZ2'))))).rejects.toMatchObject({
      code: 'TOO_MANY_CELLS',
      message: expect.stringMatching(/^Cell IZ2 /),
    });
  });

  it('counts the cells, empty ones too (maxTotalCells)', async () => {
    const rows = [header, row(2, '<c r="A2"/><c r="B2"/><c r="C2"/>'), row(3, inline('A3', '3'))].join('');
    const bytes = await rawWorkbook(rows);
    await expect(readAll(bytes, { maxTotalCells: 6 })).rejects.toMatchObject({
      code: 'TOO_LARGE',
      line: 3,
      message: expect.stringContaining('more than 6 cells'),
    });
    expect(await readAll(bytes, { maxTotalCells: 7 })).toHaveLength(2);
  });

  it('counts the shared strings, empty ones too (maxSharedStrings)', async () => {
    const shared = (ref: string, index: number) => `<c r="${ref}" t="s"><v>${index}</v></c>`;
    const bytes = await rawWorkbook(row(1, shared('A1', 0), shared('B1', 1), shared('C1', 2)), ['contact_id', 'a', '']);
    await expect(readAll(bytes, { maxSharedStrings: 2 })).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringContaining('more than 2 distinct texts'),
    });
    expect(await readAll(bytes, { maxSharedStrings: 3 })).toEqual([{ line: 1, cells: ['contact_id', 'a'] }]);
  });

  it('still reads a normal template within tight bounds', async () => {
    const header = ['contact_id', 'last_name', 'first_name', 'email', '[old] MUSIC', '[new] MUSIC'];
    const rows = [
      ['1', 'Dupré', 'Ça', 'a@example.org', 'JAZZ', 'ROCK'],
      ['2', 'Müller', '', 'b@example.org', '', 'POP'],
    ];
    const records = await readAll(await writeTemplate(header, rows), {
      maxCells: 6,
      maxTotalCells: 18,
      maxSharedStrings: 0,
    });
    expect(records.map((record) => record.cells)).toEqual([header, ...rows]);
  });
});
