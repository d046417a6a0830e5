import type { Readable } from 'node:stream';
import { ConfigError } from '@app/common';

/** Bytes start to end of a stored file, both included (as in an HTTP Range and fs.createReadStream). */
export interface ByteRange {
  start: number;
  end?: number;
}

export interface StoredFileInfo {
  size: number;
  modifiedAt: Date;
}

export interface StoredFileEntry extends StoredFileInfo {
  key: string;
}

export interface WriteOptions {
  /** The length when known beforehand (an upload announcing it); unknown, the s3 driver writes in parts. */
  size?: number;
  contentType?: string;
}

export interface DownloadLinkOptions {
  fileName: string;
  contentType: string;
  expiresInSeconds: number;
}

/**
 * Where the apps keep their files (uploads, template zips, reports, mail files), under relative keys such as
 * `imports/<name>.upload`, `exports/<id>-<name>.zip`, `reports/import-<id>.csv`, `mail/<stem>.eml`. The keys are the
 * paths relative to FILES_DIR the apps used before this store: rows and queue messages written then still work.
 * An abstract class rather than an interface so that Nest injects it by type.
 */
export abstract class FileStore {
  /** `file` or `s3`. */
  abstract readonly driver: 'file' | 's3';
  /** Where the files are, for logs and messages (never a credential). */
  abstract readonly location: string;

  /** Stores the stream under the key once it ended (a reader never sees half a file); answers the bytes written. */
  abstract write(key: string, body: Readable, options?: WriteOptions): Promise<{ size: number }>;
  /** The file's bytes, or a range of them; rejects with StoredFileMissingError before any byte when it is not there. */
  abstract read(key: string, range?: ByteRange): Promise<Readable>;
  /** Size and last change, or null when the file is not there. */
  abstract stat(key: string): Promise<StoredFileInfo | null>;
  /** Deletes the file; nothing when it is not there. */
  abstract delete(key: string): Promise<void>;
  /** The files under a key prefix (`exports/`) last changed before the date. */
  abstract listOlderThan(prefix: string, before: Date): Promise<StoredFileEntry[]>;
  /**
   * Whether the store answers and holds what it should (the directory, the bucket with these credentials); rejects
   * with a StorageConfigError naming the variable to fix. Run at start and by /health.
   */
  abstract check(): Promise<void>;
  /** A time-limited URL the client can fetch the file from without us, or null when the driver has none. */
  abstract downloadUrl(key: string, options: DownloadLinkOptions): Promise<string | null>;

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }
}

export class StoredFileMissingError extends Error {
  constructor(readonly key: string) {
    super(`No stored file ${key}`);
    this.name = 'StoredFileMissingError';
  }
}

export class InvalidStorageKeyError extends Error {
  constructor(readonly key: string) {
    super(`Invalid storage key ${JSON.stringify(key.slice(0, 200))}: relative, "/"-separated, no "." or ".." part`);
    this.name = 'InvalidStorageKeyError';
  }
}

/** The store is configured wrong or cannot be reached: the message names the variable to fix. */
export class StorageConfigError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'StorageConfigError';
  }
}

/**
 * A key is relative and "/"-separated, with no empty, `.` or `..` part, no backslash and no control character: it
 * can neither leave the files directory nor the bucket's prefix. Answers the key's parts.
 */
export function checkKey(key: string): string[] {
  const parts = key.split('/');
  const bad =
    typeof key !== 'string' ||
    key.length === 0 ||
    key.length > 1024 ||
    key.includes('\\') ||
    [...key].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f) ||
    parts.some((part) => part === '' || part === '.' || part === '..');
  if (bad) throw new InvalidStorageKeyError(String(key));
  return parts;
}

/** A prefix to list: empty, or keys' parts followed by a slash (`exports/`). */
export function checkPrefix(prefix: string): void {
  if (prefix === '') return;
  if (!prefix.endsWith('/')) throw new InvalidStorageKeyError(prefix);
  checkKey(prefix.slice(0, -1));
}
