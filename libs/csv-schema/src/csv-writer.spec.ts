import { Readable, Writable } from 'stream';
import { pipeline } from 'stream/promises';
import { createCsvWriter, WRITER_CHUNK_BYTES } from './csv-writer';
import { writeAll } from './spec-helpers';

const text = async (rows: unknown[][], header: string[], delimiter?: ',' | ';') =>
  Buffer.concat(await writeAll(rows as string[][], header, delimiter)).toString('utf8');

describe('createCsvWriter', () => {
  it('writes a UTF-8 BOM, the header and CRLF-ended rows', async () => {
    expect(await text([['1', 'Doe', 'JAZZ|ROCK']], ['contact_id', 'last_name', '[new] MUSIC'])).toBe(
      '\ufeffcontact_id,last_name,[new] MUSIC\r\n1,Doe,JAZZ|ROCK\r\n',
    );
  });

  it('an empty export is the header alone', async () => {
    expect(await text([], ['contact_id', 'email'])).toBe('\ufeffcontact_id,email\r\n');
  });

  it('uses ";" on request and quotes only what needs it', async () => {
    expect(
      await text([['1', 'a,b', 'c;d', 'say "hi"', 'two\r\nlines', 'cr\rlf\n']], ['a', 'b', 'c', 'd', 'e', 'f'], ';'),
    ).toBe('\ufeffa;b;c;d;e;f\r\n1;a,b;"c;d";"say ""hi""";"two\r\nlines";"cr\rlf\n"\r\n');
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+33 6', "'+33 6"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', '"\'\rx"'],
    ["'=x", "''=x"],
    ['a=b', 'a=b'],
  ])('escapes formula cell %j as %j', async (value, written) => {
    expect(await text([['1', value]], ['a', 'b'])).toBe(`\ufeffa,b\r\n1,${written}\r\n`);
  });

  it('quotes a header cell holding any candidate delimiter, so the reader detects the right one', async () => {
    expect(await text([], ['contact_id', 'a;b', 'c\td'], ',')).toBe('\ufeffcontact_id,"a;b","c\td"\r\n');
    expect(await text([], ['contact_id', 'a,b'], ';')).toBe('\ufeffcontact_id;"a,b"\r\n');
  });

  it('quotes a first cell of spaces only or starting with U+FEFF, and a lone empty cell', async () => {
    expect(
      await text(
        [
          ['  ', 'x'],
          ['\ufeffy', 'z'],
          ['', 'w'],
        ],
        ['a', 'b'],
      ),
    ).toBe('\ufeffa,b\r\n"  ",x\r\n"\ufeffy",z\r\n,w\r\n');
    expect(await text([[''], ['x']], ['a'])).toBe('\ufeffa\r\n""\r\nx\r\n');
  });

  it('writes null/undefined as empty and other values as text; drops NUL characters', async () => {
    expect(await text([[null, undefined, 7, true, 'a\0b']], ['a', 'b', 'c', 'd', 'e'])).toBe(
      '\ufeffa,b,c,d,e\r\n,,7,true,ab\r\n',
    );
  });

  it('rejects a row that is not an array of the header width', async () => {
    await expect(writeAll([['1']] as string[][], ['a', 'b'])).rejects.toThrow(
      /row 1 must be an array of 2 cells.*got 1 cells/,
    );
    await expect(writeAll(['x'] as unknown as string[][], ['a'])).rejects.toThrow(/row 1 must be an array/);
  });

  it('rejects bad options', () => {
    expect(() => createCsvWriter({ header: [] })).toThrow(RangeError);
    expect(() => createCsvWriter({ header: ['a'], delimiter: '\t' as ',' })).toThrow(RangeError);
  });

  it('emits Buffers of at least 64 KiB except the last, with multi-byte text too', async () => {
    const rows = Array.from({ length: 30000 }, (_, i) => [String(i), 'Éléonore 😀 Zoë', '=x']);
    const chunks = await writeAll(rows, ['contact_id', 'name', 'f']);
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) expect(Buffer.isBuffer(c)).toBe(true);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(WRITER_CHUNK_BYTES);
    expect(Buffer.concat(chunks).toString('utf8').split('\r\n')).toHaveLength(30002);
  });

  it('respects backpressure of a slow destination and loses nothing', async () => {
    let received = 0;
    let writes = 0;
    const slow = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _e, done) {
        received += chunk.length;
        writes++;
        setTimeout(done, 1);
      },
    });
    const rows = Array.from({ length: 20000 }, (_, i) => [String(i), 'x'.repeat(20)]);
    await pipeline(Readable.from(rows), createCsvWriter({ header: ['a', 'b'] }), slow);
    const expected = Buffer.byteLength('\ufeffa,b\r\n') + rows.reduce((n, r) => n + r[0].length + 1 + 20 + 2, 0);
    expect(received).toBe(expected);
    expect(writes).toBeLessThan(expected / WRITER_CHUNK_BYTES + 2);
  });
});
