import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import type { ByteRange, DownloadLinkOptions, StoredFileEntry, StoredFileInfo, WriteOptions } from './file-store';
import { checkKey, checkPrefix, FileStore, StorageConfigError, StoredFileMissingError } from './file-store';

/** The smallest part S3 accepts (but the last); lib-storage refuses less. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

export interface S3StoreOptions {
  bucket: string;
  /** Prepended to every key: empty, or ending with a slash. */
  prefix: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** Above it a file is written as a multipart upload in parts of this size (two in flight: the memory it takes). */
  partSize: number;
}

const statusOf = (error: unknown) =>
  error instanceof S3ServiceException
    ? error.$metadata?.httpStatusCode
    : (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
const isNotFound = (error: unknown) =>
  statusOf(error) === 404 || ['NoSuchKey', 'NotFound'].includes((error as Error)?.name);

/** The `s3` driver: one bucket (and key prefix) of AWS S3 or of a compatible server (MinIO, s3rver). */
export class S3FileStore extends FileStore {
  readonly driver = 's3';
  readonly client: S3Client;

  constructor(private readonly options: S3StoreOptions) {
    super();
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials:
        options.accessKeyId && options.secretAccessKey
          ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
          : undefined,
      // A stuck server fails the request (and the job retries) rather than hanging it.
      requestHandler: { connectionTimeout: 10_000, requestTimeout: 120_000 },
      maxAttempts: 3,
    });
  }

  get location(): string {
    return `s3://${this.options.bucket}/${this.options.prefix}`;
  }

  private objectKey(key: string): string {
    checkKey(key);
    return this.options.prefix + key;
  }

  async write(key: string, body: Readable, options: WriteOptions = {}): Promise<{ size: number }> {
    let size = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        callback(null, chunk);
      },
    });
    body.on('error', (error) => counted.destroy(error));
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.options.bucket,
        Key: this.objectKey(key),
        Body: body.pipe(counted),
        ContentType: options.contentType,
        ContentLength: options.size,
      },
      partSize: Math.max(this.options.partSize, MIN_PART_SIZE),
      queueSize: 2,
      // An abandoned upload's parts are aborted: nothing half-written is left to pay for.
      leavePartsOnError: false,
    });
    const failed = new Promise<never>((_, reject) => counted.on('error', reject));
    failed.catch(() => undefined);
    try {
      await Promise.race([upload.done(), failed]);
    } catch (error) {
      await upload.abort().catch(() => undefined);
      // The writer must not wait on a stream nobody reads any more (the file driver's pipeline does the same).
      body.destroy(error as Error);
      throw error;
    }
    return { size };
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({
          Bucket: this.options.bucket,
          Key: this.objectKey(key),
          Range: range ? `bytes=${range.start}-${range.end ?? ''}` : undefined,
        }),
      );
      return answer.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) throw new StoredFileMissingError(key);
      throw error;
    }
  }

  async stat(key: string): Promise<StoredFileInfo | null> {
    try {
      const answer = await this.client.send(
        new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }),
      );
      return { size: answer.ContentLength ?? 0, modifiedAt: answer.LastModified ?? new Date(0) };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
  }

  async listOlderThan(prefix: string, before: Date): Promise<StoredFileEntry[]> {
    checkPrefix(prefix);
    const found: StoredFileEntry[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: this.options.prefix + prefix,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key || !object.LastModified || object.LastModified >= before) continue;
        found.push({
          key: object.Key.slice(this.options.prefix.length),
          size: object.Size ?? 0,
          modifiedAt: object.LastModified,
        });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found;
  }

  async check(): Promise<void> {
    const { bucket, endpoint } = this.options;
    const where = endpoint ?? 'AWS S3';
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch (error) {
      const status = statusOf(error);
      if (status === 404)
        throw new StorageConfigError(`STORAGE_URL: the bucket "${bucket}" does not exist on ${where}; create it`);
      if (status === 403 || status === 400 || status === 401)
        throw new StorageConfigError(
          `S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY: ${where} refused them for the bucket "${bucket}" (HTTP ${status})`,
        );
      if (status === 301)
        throw new StorageConfigError(
          `S3_REGION: the bucket "${bucket}" is in another region than ${this.options.region}`,
        );
      throw new StorageConfigError(
        `S3_ENDPOINT: ${where} does not answer for the bucket "${bucket}" (${(error as Error).message || (error as Error).name})`,
      );
    }
  }

  downloadUrl(key: string, options: DownloadLinkOptions): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.options.bucket,
        Key: this.objectKey(key),
        ResponseContentType: options.contentType,
        ResponseContentDisposition: `attachment; filename="${options.fileName}"`,
      }),
      { expiresIn: options.expiresInSeconds },
    );
  }

  destroy(): void {
    this.client.destroy();
  }
}
