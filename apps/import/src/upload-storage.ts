import type { Request } from 'express';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream';
import type { StorageEngine } from 'multer';
import { digestingStream } from '@app/common';
import type { FileStore } from '@app/storage';

/** Where uploads are kept: `imports/<storedName>`, the relative path that rows written before the store hold. */
export const uploadKey = (storedName: string) => `imports/${storedName}`;

/** What the store engine adds to multer's file. */
export interface StoredUploadInfo {
  /** Generated name under imports/ (the uploader's name is display-only). */
  filename: string;
  key: string;
  size: number;
  /** SHA-256 (hex) of the bytes: what an Idempotency-Key's request digest holds of the file. */
  sha256: string;
}

/**
 * Multer's storage: the upload streams into the file store as it arrives (multer cannot write to S3 by itself),
 * under a generated name. Multer's fileSize limit (MAX_UPLOAD_BYTES) cuts the stream; the cut file is then removed.
 */
export class FileStoreUploads implements StorageEngine {
  constructor(private readonly store: FileStore) {}

  _handleFile(
    _req: Request,
    file: Express.Multer.File,
    callback: (error?: unknown, info?: Partial<Express.Multer.File> & StoredUploadInfo) => void,
  ): void {
    const filename = `${Date.now()}-${randomBytes(8).toString('hex')}.upload`;
    const key = uploadKey(filename);
    const hashed = digestingStream();
    // pipeline hands an error of the upload on to the store's write, which then rejects.
    this.store
      .write(
        key,
        pipeline(file.stream, hashed.stream, () => undefined),
      )
      .then(
        ({ size }) => callback(null, { filename, key, size, sha256: hashed.digest() }),
        (error) => callback(error),
      );
  }

  _removeFile(
    _req: Request,
    file: Express.Multer.File & Partial<StoredUploadInfo>,
    callback: (error: Error | null) => void,
  ): void {
    if (!file.key) return callback(null);
    this.store.delete(file.key).then(
      () => callback(null),
      (error: Error) => callback(error),
    );
  }
}
