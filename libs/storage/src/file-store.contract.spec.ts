import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { AppConfig } from '@app/common';
import { startS3Server, type TestS3Server } from '../../../test/utils/s3-server';
import type { FileStore } from './file-store';
import { InvalidStorageKeyError, StorageConfigError, StoredFileMissingError } from './file-store';
import type { S3FileStore } from './s3-file-store';
import { MIN_PART_SIZE } from './s3-file-store';
import { openStore, storeFromConfig } from './store-from-config';

const bytesOf = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/** A stream of unknown length, in small chunks, as an upload or a zip being written arrives. */
const chunked = (data: Buffer, chunk = 64 * 1024) =>
  Readable.from(
    (function* () {
      for (let at = 0; at < data.length; at += chunk) yield data.subarray(at, at + chunk);
    })(),
  );

const settings = (overrides: Partial<AppConfig>) => Object.assign(new AppConfig(), overrides);

let s3: TestS3Server;
const dirs: string[] = [];
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.close();
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

const drivers: [string, () => FileStore][] = [
  [
    'file',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'cmu-store-spec-'));
      dirs.push(dir);
      return storeFromConfig(settings({ STORAGE_URL: `file://${dir}` }));
    },
  ],
  [
    's3',
    () =>
      storeFromConfig(
        settings({ ...s3.env(`spec-${randomBytes(4).toString('hex')}`), S3_PART_SIZE_BYTES: MIN_PART_SIZE }),
      ),
  ],
];

describe.each(drivers)('the %s driver', (driver, make) => {
  let store: FileStore;
  beforeAll(async () => {
    store = make();
    await store.check();
  });

  it('is the driver STORAGE_URL names', () => {
    expect(store.driver).toBe(driver);
  });

  it('writes a stream of unknown length and reads it back whole', async () => {
    const { size } = await store.write('reports/import-1.csv', Readable.from([Buffer.from('line,code\r\n1,X\r\n')]));
    expect(size).toBe(16);
    expect(await text(await store.read('reports/import-1.csv'))).toBe('line,code\r\n1,X\r\n');
    const info = await store.stat('reports/import-1.csv');
    expect(info?.size).toBe(16);
    expect(Math.abs(info!.modifiedAt.getTime() - Date.now())).toBeLessThan(3_600_000);
    expect(await store.exists('reports/import-1.csv')).toBe(true);
  });

  it('writes a stream of known length', async () => {
    const data = randomBytes(100_000);
    expect(await store.write('imports/known.upload', chunked(data), { size: data.length })).toEqual({
      size: data.length,
    });
    expect((await bytesOf(await store.read('imports/known.upload'))).equals(data)).toBe(true);
  });

  it('writes a file above the part size in parts (multipart on s3) and reads it back', async () => {
    const data = randomBytes(2 * MIN_PART_SIZE + 12345);
    expect(await store.write('exports/7-big.zip', chunked(data))).toEqual({ size: data.length });
    expect((await bytesOf(await store.read('exports/7-big.zip'))).equals(data)).toBe(true);
    // The last bytes, across the parts' boundary: what a zip reader asks for first.
    const tail = await bytesOf(await store.read('exports/7-big.zip', { start: data.length - 70_000 }));
    expect(tail.equals(data.subarray(data.length - 70_000))).toBe(true);
  });

  it('reads a byte range, both ends included', async () => {
    await store.write('imports/range.upload', Readable.from([Buffer.from('0123456789')]));
    expect(await text(await store.read('imports/range.upload', { start: 2, end: 5 }))).toBe('2345');
    expect(await text(await store.read('imports/range.upload', { start: 7 }))).toBe('789');
    expect(await text(await store.read('imports/range.upload', { start: 0, end: 3 }))).toBe('0123');
  });

  it('replaces a file written again under the same key', async () => {
    await store.write('mail/a.eml', Readable.from([Buffer.from('first')]));
    await store.write('mail/a.eml', Readable.from([Buffer.from('second')]));
    expect(await text(await store.read('mail/a.eml'))).toBe('second');
  });

  it('refuses a missing key with StoredFileMissingError, before any byte', async () => {
    await expect(store.read('exports/404-none.zip')).rejects.toBeInstanceOf(StoredFileMissingError);
    await expect(store.read('exports/404-none.zip', { start: 1, end: 2 })).rejects.toBeInstanceOf(
      StoredFileMissingError,
    );
    expect(await store.stat('exports/404-none.zip')).toBeNull();
    expect(await store.exists('exports/404-none.zip')).toBe(false);
  });

  it('deletes a file, and deleting it again is no error', async () => {
    await store.write('exports/9-gone.zip', Readable.from([Buffer.from('zip')]));
    await store.delete('exports/9-gone.zip');
    expect(await store.stat('exports/9-gone.zip')).toBeNull();
    await expect(store.delete('exports/9-gone.zip')).resolves.toBeUndefined();
  });

  it('lists the files under a prefix changed before a date, and only those', async () => {
    await store.write('old/a.zip', Readable.from([Buffer.from('a')]));
    await store.write('old/sub/b.zip', Readable.from([Buffer.from('bb')]));
    await store.write('other/c.zip', Readable.from([Buffer.from('c')]));
    const future = new Date(Date.now() + 60_000);
    const listed = await store.listOlderThan('old/', future);
    expect(listed.map((entry) => [entry.key, entry.size]).sort()).toEqual([
      ['old/a.zip', 1],
      ['old/sub/b.zip', 2],
    ]);
    expect(await store.listOlderThan('old/', new Date(Date.now() - 60_000))).toEqual([]);
    expect(await store.listOlderThan('nothing/', future)).toEqual([]);
  });

  it.each(['../etc/passwd', '/etc/passwd', 'exports/../../x', 'a//b', 'a/./b', 'a\\b', '', 'a/b/', 'a\nb'])(
    'refuses the key %j',
    async (key) => {
      await expect(store.write(key, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(store.read(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(store.stat(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    },
  );

  it('fails a write whose stream fails, and leaves no file', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1000));
        this.destroy(new Error('the client went away'));
      },
    });
    await expect(store.write('imports/broken.upload', failing)).rejects.toThrow('the client went away');
    expect(await store.stat('imports/broken.upload')).toBeNull();
    const left = await store.listOlderThan('imports/', new Date(Date.now() + 60_000));
    expect(left.filter((entry) => !/(known|range)\.upload$/.test(entry.key))).toEqual([]);
  });
});

describe('the start-up check', () => {
  const refusal = async (overrides: Partial<AppConfig>) => {
    try {
      await openStore(settings(overrides));
    } catch (error) {
      expect(error).toBeInstanceOf(StorageConfigError);
      return (error as Error).message;
    }
    throw new Error('the store was accepted');
  };

  it('names STORAGE_URL for an unknown scheme', async () => {
    expect(await refusal({ STORAGE_URL: 'ftp://files.example.org/x' })).toMatch(/^STORAGE_URL: unknown scheme "ftp"/);
  });

  it('names STORAGE_URL for a bucket that does not exist', async () => {
    expect(await refusal({ ...s3.env(), STORAGE_URL: 's3://no-such-bucket/x' })).toMatch(
      /^STORAGE_URL: the bucket "no-such-bucket" does not exist/,
    );
  });

  // s3rver knows its access key but does not verify SigV4 signatures: a wrong secret passes there (not on S3 or MinIO).
  it('names the credentials when the server refuses them', async () => {
    expect(await refusal({ ...s3.env(), S3_ACCESS_KEY_ID: 'NOBODY' })).toMatch(
      /^S3_ACCESS_KEY_ID \/ S3_SECRET_ACCESS_KEY: .* refused them for the bucket "cmu-test" \(HTTP 403\)/,
    );
  });

  it('names S3_ENDPOINT when nothing answers there', async () => {
    expect(await refusal({ ...s3.env(), S3_ENDPOINT: 'http://127.0.0.1:1' })).toMatch(/^S3_ENDPOINT: /);
  });

  it('names the variable when only one of the two credentials is set', async () => {
    expect(await refusal({ ...s3.env(), S3_SECRET_ACCESS_KEY: undefined })).toMatch(/^S3_ACCESS_KEY_ID/);
  });

  it('accepts the s3rver bucket with its credentials, and FILES_DIR when STORAGE_URL is unset', async () => {
    const s3Store = await openStore(settings(s3.env('check')));
    expect(s3Store.location).toBe(`s3://${s3.bucket}/check/`);
    (s3Store as S3FileStore).destroy();
    const dir = mkdtempSync(join(tmpdir(), 'cmu-store-spec-'));
    dirs.push(dir);
    expect((await openStore(settings({ FILES_DIR: dir }))).location).toBe(`file://${dir}`);
  });
});
