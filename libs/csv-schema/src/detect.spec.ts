import fc from 'fast-check';
import * as iconv from 'iconv-lite';
import { detectDelimiter, detectEncoding } from './detect';

describe('detectDelimiter', () => {
  it.each([
    ['contact_id,last_name,first_name', ','],
    ['contact_id;last_name;first_name', ';'],
    ['contact_id\tlast_name\tfirst_name', '\t'],
    ['contact_id', ','],
    ['', ','],
    ['a;b,c;d', ';'],
    ['a,b;c,d', ','],
    ['a,b;c', ','], // tie: comma first
    ['a;b\tc', ';'], // tie: semicolon before tab
    ['"a,b,c";d', ';'], // quoted delimiters do not count
    ['"a;b;c",d', ','],
    ['"x""y;z";"";q', ';'],
    ['a;b\r\nc,d,e,f', ';'], // only the first line counts
    ['a;b\nc,d,e,f', ';'],
    ['"multi\nline,,,";b', ';'], // a line end inside quotes does not end the header
    ['[old] A;[new] A;[old] B', ';'],
  ])('%j -> %j', (line, delimiter) => expect(detectDelimiter(line)).toBe(delimiter));

  it('property: the delimiter joining quote-free cells is detected when there are 2+ cells', () => {
    const cell = fc.stringMatching(/^[A-Za-z0-9_ [\]]{0,6}$/);
    fc.assert(
      fc.property(fc.constantFrom(',', ';', '\t'), fc.array(cell, { minLength: 2, maxLength: 10 }), (d, cells) => {
        expect(detectDelimiter(cells.join(d))).toBe(d);
      }),
    );
  });
});

describe('detectEncoding', () => {
  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  it.each([
    ['empty', Buffer.alloc(0), 'utf8'],
    ['ASCII', utf8('contact_id,last_name'), 'utf8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('a,é')]), 'utf8'],
    ['UTF-8 accents, no BOM', utf8('contact_id,nom\r\n1,Zoë Éléonore\r\n'), 'utf8'],
    ['UTF-8 emoji', utf8('a,😀'), 'utf8'],
    ['UTF-8 cut inside a 2-byte character at the end of the sample', utf8('abcé').subarray(0, 4), 'utf8'],
    ['UTF-8 cut inside a 3-byte character', utf8('ab€').subarray(0, 4), 'utf8'],
    ['UTF-8 cut inside a 4-byte character', utf8('ab😀').subarray(0, 5), 'utf8'],
    ['Windows-1252 accents', iconv.encode('nom\r\nZoë Éléonore\r\n', 'windows-1252'), 'windows-1252'],
    ['Windows-1252 euro sign', iconv.encode('prix;10 €', 'windows-1252'), 'windows-1252'],
    ['a lone continuation byte', Buffer.from([0x61, 0x80, 0x62]), 'windows-1252'],
    ['a lead byte followed by ASCII', Buffer.from([0xc3, 0x41, 0x42]), 'windows-1252'],
    ['an overlong encoding', Buffer.from([0xc0, 0xaf]), 'windows-1252'],
  ])('%s -> %s', (_name, sample, encoding) => expect(detectEncoding(sample)).toBe(encoding));

  it('a sample that is the whole file may not end inside a character', () => {
    expect(detectEncoding(Buffer.from([0x61, 0xe9]))).toBe('utf8'); // could be the start of "é" in UTF-8
    expect(detectEncoding(Buffer.from([0x61, 0xe9]), { complete: true })).toBe('windows-1252');
  });

  it('property: any text encoded as UTF-8, cut anywhere, is UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.nat(), (text, cut) => {
        const bytes = utf8(text);
        expect(detectEncoding(bytes.subarray(0, bytes.length === 0 ? 0 : cut % (bytes.length + 1)))).toBe('utf8');
      }),
      { numRuns: 2000 },
    );
  });

  it('property: Windows-1252 text with at least one non-ASCII letter is Windows-1252', () => {
    const latin = fc.constantFrom(...'éèêëàâäîïôöùûüçÉÈÀÇœŒ€æÆß'.split(''));
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z ,;]{0,10}$/), latin, fc.stringMatching(/^[a-z ,;]{0,10}$/), (a, l, b) => {
        expect(detectEncoding(iconv.encode(`${a}${l}${b}`, 'windows-1252'), { complete: true })).toBe('windows-1252');
        expect(detectEncoding(iconv.encode(`${a}${l}${b}x`, 'windows-1252'))).toBe('windows-1252');
      }),
    );
  });
});
