import type { TransformCallback } from 'node:stream';
import { PassThrough, Readable, Transform } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import * as yauzl from 'yauzl';
import type { IssueCode } from '@app/common';
import type { InflateLimits } from '@app/csv-schema';
import { InflateBudget, RATIO_FLOOR_BYTES } from '@app/csv-schema';
import type { ByteRange, FileStore } from '@app/storage';
import { StoredFileMissingError } from '@app/storage';

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

/** An upload in the file store: its size, and its bytes whole or by range (a zip's directory, then its entry). */
export interface UploadSource {
  size: number;
  read(range?: ByteRange): Promise<Readable>;
}

/** The upload stored under `key`; rejects with StoredFileMissingError when it is not there. */
export async function storedUpload(store: FileStore, key: string): Promise<UploadSource> {
  const info = await store.stat(key);
  if (!info) throw new StoredFileMissingError(key);
  return { size: info.size, read: (range) => store.read(key, range) };
}

/** Zips are recognised by content (`PK\x03\x04`), never by the uploader's file name. */
export async function isZip(source: UploadSource): Promise<boolean> {
  if (source.size < 4) return false;
  const head = await buffer(await source.read({ start: 0, end: 3 }));
  return head.equals(ZIP_MAGIC);
}

/** A stream now for one that opens later (yauzl asks for its ranges synchronously). */
function later(open: () => Promise<Readable>): Readable {
  const out = new PassThrough();
  open().then(
    (stream) => {
      stream.on('error', (error) => out.destroy(error));
      stream.pipe(out);
    },
    (error: Error) => out.destroy(error),
  );
  return out;
}

// yauzl reads the central directory in many small reads (the end record, then two per entry): one ranged read of a
// window serves them, instead of a request each to S3. Larger reads (an entry's data) are streamed as they are.
const SMALL_READ = 128 * 1024;
const WINDOW = 256 * 1024;

/** yauzl's random access through ranged reads of the store: a zip is read where it is, never copied. */
class StoredZipReader extends yauzl.RandomAccessReader {
  private window?: { start: number; bytes: Buffer };

  constructor(private readonly source: UploadSource) {
    super();
  }

  /** `end` excluded, as yauzl asks. */
  _readStreamForRange(start: number, end: number): Readable {
    if (end <= start) return Readable.from([]);
    if (end - start > SMALL_READ) return later(() => this.source.read({ start, end: end - 1 }));
    return later(async () => Readable.from([await this.small(start, end)]));
  }

  private async small(start: number, end: number): Promise<Buffer> {
    const cached = this.window;
    if (cached && start >= cached.start && end <= cached.start + cached.bytes.length)
      return cached.bytes.subarray(start - cached.start, end - cached.start);
    const windowEnd = Math.min(this.source.size, Math.max(end, start + WINDOW));
    const bytes = await buffer(await this.source.read({ start, end: windowEnd - 1 }));
    this.window = { start, bytes };
    return bytes.subarray(0, end - start);
  }
}

function openZip(source: UploadSource): Promise<yauzl.ZipFile> {
  const failed = new ImportFileError(
    'INVALID_ZIP',
    'The .zip (or .xlsx) file cannot be read; save or zip it again, or upload the .csv itself',
  );
  return new Promise((resolve, reject) =>
    yauzl.fromRandomAccessReader(
      new StoredZipReader(source),
      source.size,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false },
      (error, zip) => {
        if (error instanceof StoredFileMissingError) reject(error);
        else if (error || !zip) reject(failed);
        else resolve(zip);
      },
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
  source: UploadSource,
  limits: ZipLimits,
): Promise<{ zip: boolean; format: UploadFormat; entryName?: string }> {
  if (!(await isZip(source))) return { zip: false, format: 'csv' };
  const zip = await openZip(source);
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
export async function openUpload(source: UploadSource, limits: ZipLimits): Promise<OpenedUpload> {
  if (!(await isZip(source))) return { stream: await source.read(), format: 'csv', bytes: source.size };
  const zip = await openZip(source);
  let found: Inspected;
  try {
    found = await inspectZip(zip, limits);
  } catch (error) {
    zip.close();
    throw error;
  }
  if (found.workbook) {
    zip.close();
    return { stream: await source.read(), format: 'xlsx', bytes: source.size };
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
