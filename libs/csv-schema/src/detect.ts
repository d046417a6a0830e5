import { isUtf8 } from 'buffer';

export type Delimiter = ',' | ';' | '\t';
export type CsvEncoding = 'utf8' | 'windows-1252';

const COMMA = 44;
const SEMICOLON = 59;
const TAB = 9;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * The delimiter of a file from its header line: whichever of `,` `;` tab occurs most often
 * outside quotes (ties in that order), `,` when none does. Stops at the first line end outside quotes.
 */
export function detectDelimiter(headerLine: string): Delimiter {
  let commas = 0;
  let semicolons = 0;
  let tabs = 0;
  let quoted = false;
  for (let i = 0; i < headerLine.length; i++) {
    const c = headerLine.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (c === COMMA) commas++;
    else if (c === SEMICOLON) semicolons++;
    else if (c === TAB) tabs++;
    else if (c === LF || c === CR) break;
  }
  if (commas >= semicolons && commas >= tabs) return ',';
  return semicolons >= tabs ? ';' : '\t';
}

export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function hasUtf8Bom(sample: Buffer): boolean {
  return sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
}

export function hasUtf16Bom(sample: Buffer): boolean {
  return (
    sample.length >= 2 && ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff))
  );
}

/** Length of `sample` without a UTF-8 sequence cut off at its end (a sample is a prefix of the file). */
function withoutCutSequence(sample: Buffer): number {
  const end = sample.length;
  for (let back = 1; back <= 3 && back <= end; back++) {
    const b = sample[end - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back for the lead byte
    const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return needed > back ? end - back : end;
  }
  return end;
}

/**
 * UTF-8 when the sample has a UTF-8 BOM or is valid UTF-8, else Windows-1252, the encoding
 * spreadsheets on Windows save. The sample is taken as the start of a longer file (a multi-byte
 * character cut at its end is allowed) unless `complete` says it is the whole file.
 */
export function detectEncoding(sample: Buffer, options?: { complete?: boolean }): CsvEncoding {
  if (hasUtf8Bom(sample)) return 'utf8';
  const end = options?.complete ? sample.length : withoutCutSequence(sample);
  return isUtf8(sample.subarray(0, end)) ? 'utf8' : 'windows-1252';
}
