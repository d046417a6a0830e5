import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, Transform, TransformCallback } from 'node:stream';
import * as yauzl from 'yauzl';

/** A problem with the uploaded file as a whole: the import fails with it as a fileError. */
export class ImportFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly line = 0,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

export interface ZipLimits {
  maxUnzippedBytes: number;
  maxRatio: number;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

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
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (error, zip) =>
      error || !zip ? reject(new ImportFileError('INVALID_ZIP', 'The .zip file cannot be read; zip the .csv again or upload the .csv itself')) : resolve(zip),
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
      if (entries.length > 1) return resolve(entries);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (error: Error) =>
      reject(
        /invalid relative path|absolute path|invalid characters/i.test(error.message)
          ? new ImportFileError('UNSAFE_ZIP_ENTRY', 'The file inside the .zip has an unsafe name (a path going up or absolute); zip the .csv alone again')
          : new ImportFileError('INVALID_ZIP', 'The .zip file is damaged; zip the .csv again or upload the .csv itself'),
      ),
    );
    zip.readEntry();
  });
}

/** Checks a zip holds exactly one safe .csv entry within the size and ratio limits; returns that entry. */
async function singleCsvEntry(zip: yauzl.ZipFile, limits: ZipLimits): Promise<yauzl.Entry> {
  const entries = await fileEntries(zip);
  if (entries.length !== 1) {
    const xlsx = entries.some((entry) => entry.fileName === '[Content_Types].xml');
    throw new ImportFileError(
      'ZIP_ENTRY_COUNT',
      xlsx
        ? 'This looks like a spreadsheet workbook, not a zip of a .csv; save it as CSV and upload the .csv'
        : `The .zip must hold exactly one .csv file, but it holds ${entries.length === 0 ? 'none' : 'several'}; upload the template's zip or the .csv itself`,
    );
  }
  const entry = entries[0];
  const name = entry.fileName;
  if (name.includes('..') || name.startsWith('/') || name.includes('\\') || /^[A-Za-z]:/.test(name) || name.includes('\0')) {
    throw new ImportFileError('UNSAFE_ZIP_ENTRY', 'The file inside the .zip has an unsafe name (a path going up or absolute); zip the .csv alone again');
  }
  if (!/\.csv$/i.test(name)) {
    throw new ImportFileError('UNSUPPORTED_ZIP_ENTRY', `The file inside the .zip must be a .csv, not "${name.slice(0, 100)}"`);
  }
  if (entry.isEncrypted()) throw new ImportFileError('UNSUPPORTED_ZIP_ENTRY', 'The .csv inside the .zip is encrypted; zip it again without a password');
  if (entry.uncompressedSize > limits.maxUnzippedBytes) {
    throw new ImportFileError('ZIP_TOO_LARGE', `The .csv inside the .zip is larger than ${limits.maxUnzippedBytes} bytes once unzipped; split the file`);
  }
  if (entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxRatio) {
    throw new ImportFileError('ZIP_RATIO', `The .zip compresses more than ${limits.maxRatio}:1, which a real template never does; upload the .csv itself`);
  }
  return entry;
}

/** Cheap checks at upload time, so a bad zip gets a 400 at once. */
export async function inspectUpload(path: string, limits: ZipLimits): Promise<{ zip: boolean; entryName?: string }> {
  if (!(await isZip(path))) return { zip: false };
  const zip = await openZip(path);
  try {
    const entry = await singleCsvEntry(zip, limits);
    return { zip: true, entryName: entry.fileName };
  } finally {
    zip.close();
  }
}

/** Counts inflated bytes and stops the stream beyond the limits, whatever the zip headers claim. */
class InflateGuard extends Transform {
  private total = 0;
  constructor(
    private readonly limits: ZipLimits,
    private readonly compressedSize: number,
  ) {
    super();
  }
  _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.total += chunk.length;
    if (this.total > this.limits.maxUnzippedBytes) {
      return callback(new ImportFileError('ZIP_TOO_LARGE', `The .csv inside the .zip is larger than ${this.limits.maxUnzippedBytes} bytes once unzipped; split the file`));
    }
    if (this.total > 1024 * 1024 && this.total / Math.max(this.compressedSize, 1) > this.limits.maxRatio) {
      return callback(new ImportFileError('ZIP_RATIO', `The .zip compresses more than ${this.limits.maxRatio}:1, which a real template never does; upload the .csv itself`));
    }
    callback(null, chunk);
  }
}

/** The bytes of the uploaded .csv: the file itself, or the single entry of the zip streamed (never extracted to disk). */
export async function openUpload(path: string, limits: ZipLimits): Promise<Readable> {
  if (!(await isZip(path))) return createReadStream(path, { highWaterMark: 256 * 1024 });
  const zip = await openZip(path);
  let entry: yauzl.Entry;
  try {
    entry = await singleCsvEntry(zip, limits);
  } catch (error) {
    zip.close();
    throw error;
  }
  const raw = await new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) =>
      error || !stream ? reject(new ImportFileError('INVALID_ZIP', 'The .csv inside the .zip cannot be read; zip it again')) : resolve(stream),
    ),
  );
  const guard = new InflateGuard(limits, entry.compressedSize);
  raw.on('error', (error) =>
    guard.destroy(error instanceof ImportFileError ? error : new ImportFileError('INVALID_ZIP', `The .csv inside the .zip is damaged (${error.message}); zip it again`)),
  );
  guard.on('close', () => zip.close());
  return raw.pipe(guard);
}
