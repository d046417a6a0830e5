import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable, TransformCallback } from 'node:stream';
import { Transform } from 'node:stream';
import * as yauzl from 'yauzl';
import type { IssueCode } from '@app/common';
import type { InflateLimits } from '@app/csv-schema';
import { InflateBudget, RATIO_FLOOR_BYTES } from '@app/csv-schema';

/** A problem with the uploaded file as a whole: the import fails with it as a fileError. */
export class ImportFileError extends Error {
  constructor(
    readonly code: IssueCode,
    message: string,
    readonly line = 0,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

export type ZipLimits = InflateLimits;

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
// A workbook has a dozen parts; far more is no template.
const MAX_WORKBOOK_ENTRIES = 1000;

export type UploadFormat = 'csv' | 'xlsx';

/** An opened upload: the bytes of the .csv or of the .xlsx workbook, and which of the two it is. */
export interface OpenedUpload {
  stream: Readable;
  format: UploadFormat;
  /** Size of the .csv or .xlsx, as its zip entry declares it when zipped (a hint, not a limit). */
  bytes: number;
}

/** Zips are recognised by content (`PK\x03\x04`), never by the uploader's file name. */
export async function isZip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head.equals(ZIP_MAGIC);
  } finally {
    await handle.close();
  }
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false },
      (error, zip) =>
        error || !zip
          ? reject(
              new ImportFileError(
                'INVALID_ZIP',
                'The .zip (or .xlsx) file cannot be read; save or zip it again, or upload the .csv itself',
              ),
            )
          : resolve(zip),
    ),
  );
}

/** Lists the zip's file entries (directories and macOS resource forks aside), without extracting anything. */
async function fileEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  const entries: yauzl.Entry[] = [];
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName;
      if (!name.endsWith('/') && !name.startsWith('__MACOSX/')) entries.push(entry);
      if (entries.length > MAX_WORKBOOK_ENTRIES) return resolve(entries);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (error: Error) =>
      reject(
        /invalid relative path|absolute path|invalid characters/i.test(error.message)
          ? new ImportFileError(
              'UNSAFE_ZIP_ENTRY',
              'The file inside the .zip has an unsafe name (a path going up or absolute); zip the .csv alone again',
            )
          : new ImportFileError(
              'INVALID_ZIP',
              'The .zip file is damaged; zip the .csv again or upload the .csv itself',
            ),
      ),
    );
    zip.readEntry();
  });
}

/**
 * An .xlsx file is itself a zip: `[Content_Types].xml` beside `xl/workbook.xml` (recognised by content, never by name).
 */
function isWorkbook(entries: yauzl.Entry[]): boolean {
  return (
    entries.some((entry) => entry.fileName === '[Content_Types].xml') &&
    entries.some((entry) => entry.fileName === 'xl/workbook.xml')
  );
}

/** The zip limits over a whole workbook, from its central directory (the XLSX reader inflates it itself). */
function checkWorkbook(entries: yauzl.Entry[], limits: ZipLimits): void {
  if (entries.length > MAX_WORKBOOK_ENTRIES) {
    throw new ImportFileError(
      'ZIP_ENTRY_COUNT',
      `The workbook holds more than ${MAX_WORKBOOK_ENTRIES} parts, which a template never does; save the sheet as CSV and upload the .csv`,
    );
  }
  if (entries.some((entry) => entry.isEncrypted())) {
    throw new ImportFileError(
      'UNSUPPORTED_ZIP_ENTRY',
      'The workbook is protected by a password; save it again without one, or as CSV',
    );
  }
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    if (
      entry.uncompressedSize > RATIO_FLOOR_BYTES &&
      entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxRatio
    ) {
      throw new ImportFileError(
        'ZIP_RATIO',
        `The workbook compresses more than ${limits.maxRatio}:1, which a real template never does; save the sheet as CSV and upload the .csv`,
      );
    }
  }
  if (total > limits.maxUnzippedBytes) {
    throw new ImportFileError(
      'ZIP_TOO_LARGE',
      `The workbook is larger than ${limits.maxUnzippedBytes} bytes once unzipped; split the file`,
    );
  }
}

/** Checks a zip holds exactly one safe .csv or .xlsx entry within the size and ratio limits; returns that entry. */
async function singleEntry(
  entries: yauzl.Entry[],
  limits: ZipLimits,
): Promise<{ entry: yauzl.Entry; format: UploadFormat }> {
  if (entries.length !== 1) {
    throw new ImportFileError(
      'ZIP_ENTRY_COUNT',
      `The .zip must hold exactly one .csv or .xlsx file, but it holds ${entries.length === 0 ? 'none' : 'several'}; upload the template's zip or the file itself`,
    );
  }
  const entry = entries[0];
  const name = entry.fileName;
  if (
    name.includes('..') ||
    name.startsWith('/') ||
    name.includes('\\') ||
    /^[A-Za-z]:/.test(name) ||
    name.includes('\0')
  ) {
    throw new ImportFileError(
      'UNSAFE_ZIP_ENTRY',
      'The file inside the .zip has an unsafe name (a path going up or absolute); zip the .csv alone again',
    );
  }
  const format: UploadFormat | undefined = /\.csv$/i.test(name) ? 'csv' : /\.xlsx$/i.test(name) ? 'xlsx' : undefined;
  if (!format) {
    throw new ImportFileError(
      'UNSUPPORTED_ZIP_ENTRY',
      `The file inside the .zip must be a .csv or an .xlsx, not "${name.slice(0, 100)}"`,
    );
  }
  if (entry.isEncrypted())
    throw new ImportFileError(
      'UNSUPPORTED_ZIP_ENTRY',
      `The .${format} inside the .zip is encrypted; zip it again without a password`,
    );
  if (entry.uncompressedSize > limits.maxUnzippedBytes) {
    throw new ImportFileError(
      'ZIP_TOO_LARGE',
      `The .${format} inside the .zip is larger than ${limits.maxUnzippedBytes} bytes once unzipped; split the file`,
    );
  }
  if (
    entry.uncompressedSize > RATIO_FLOOR_BYTES &&
    entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxRatio
  ) {
    throw new ImportFileError(
      'ZIP_RATIO',
      `The .zip compresses more than ${limits.maxRatio}:1, which a real template never does; upload the .${format} itself`,
    );
  }
  return { entry, format };
}

type Inspected = { workbook: true } | { workbook: false; entry: yauzl.Entry; format: UploadFormat };

/** What a zip upload is: an .xlsx workbook itself, or a zip of one .csv or .xlsx (limits checked either way). */
async function inspectZip(zip: yauzl.ZipFile, limits: ZipLimits): Promise<Inspected> {
  const entries = await fileEntries(zip);
  if (isWorkbook(entries)) {
    checkWorkbook(entries, limits);
    return { workbook: true };
  }
  return { workbook: false, ...(await singleEntry(entries, limits)) };
}

/** Cheap checks at upload time, so a bad zip gets a 400 at once. */
export async function inspectUpload(
  path: string,
  limits: ZipLimits,
): Promise<{ zip: boolean; format: UploadFormat; entryName?: string }> {
  if (!(await isZip(path))) return { zip: false, format: 'csv' };
  const zip = await openZip(path);
  try {
    const found = await inspectZip(zip, limits);
    return found.workbook
      ? { zip: true, format: 'xlsx' }
      : { zip: true, format: found.format, entryName: found.entry.fileName };
  } finally {
    zip.close();
  }
}

/**
 * Counts the inflated bytes of the zip's entry and stops the stream beyond the limits, whatever the zip headers claim.
 */
class InflateGuard extends Transform {
  private readonly budget: InflateBudget;
  private inflated = 0;
  constructor(
    private readonly limits: ZipLimits,
    private readonly compressedSize: number,
  ) {
    super();
    this.budget = new InflateBudget(limits);
  }
  _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.inflated += chunk.length;
    const broken = this.budget.count(chunk.length, this.inflated, this.compressedSize);
    if (broken === 'ZIP_TOO_LARGE') {
      return callback(
        new ImportFileError(
          'ZIP_TOO_LARGE',
          `The file inside the .zip is larger than ${this.limits.maxUnzippedBytes} bytes once unzipped; split the file`,
        ),
      );
    }
    if (broken === 'ZIP_RATIO') {
      return callback(
        new ImportFileError(
          'ZIP_RATIO',
          `The .zip compresses more than ${this.limits.maxRatio}:1, which a real template never does; upload the file itself`,
        ),
      );
    }
    callback(null, chunk);
  }
}

/**
 * The bytes of the uploaded .csv or .xlsx: the file itself (a plain CSV, or a workbook, which is a zip), or the
 * single entry of a zip streamed (never extracted to disk).
 */
export async function openUpload(path: string, limits: ZipLimits): Promise<OpenedUpload> {
  if (!(await isZip(path)))
    return {
      stream: createReadStream(path, { highWaterMark: 256 * 1024 }),
      format: 'csv',
      bytes: (await stat(path)).size,
    };
  const zip = await openZip(path);
  let found: Inspected;
  try {
    found = await inspectZip(zip, limits);
  } catch (error) {
    zip.close();
    throw error;
  }
  if (found.workbook) {
    zip.close();
    return {
      stream: createReadStream(path, { highWaterMark: 256 * 1024 }),
      format: 'xlsx',
      bytes: (await stat(path)).size,
    };
  }
  const { entry, format } = found;
  const raw = await new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) =>
      error || !stream
        ? reject(new ImportFileError('INVALID_ZIP', `The .${format} inside the .zip cannot be read; zip it again`))
        : resolve(stream),
    ),
  );
  const guard = new InflateGuard(limits, entry.compressedSize);
  raw.on('error', (error) =>
    guard.destroy(
      error instanceof ImportFileError
        ? error
        : new ImportFileError(
            'INVALID_ZIP',
            `The .${format} inside the .zip is damaged (${error.message}); zip it again`,
          ),
    ),
  );
  guard.on('close', () => zip.close());
  return { stream: raw.pipe(guard), format, bytes: entry.uncompressedSize };
}
