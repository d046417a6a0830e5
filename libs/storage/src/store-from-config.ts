import type { AppConfig } from '@app/common';
import type { FileStore } from './file-store';
import { StorageConfigError } from './file-store';
import { LocalFileStore } from './local-file-store';
import { S3FileStore } from './s3-file-store';

type StorageSettings = Pick<
  AppConfig,
  | 'STORAGE_URL'
  | 'FILES_DIR'
  | 'S3_ENDPOINT'
  | 'S3_REGION'
  | 'S3_ACCESS_KEY_ID'
  | 'S3_SECRET_ACCESS_KEY'
  | 'S3_FORCE_PATH_STYLE'
  | 'S3_PART_SIZE_BYTES'
>;

/** The store STORAGE_URL names (FILES_DIR when it is unset); nothing is contacted yet, see FileStore.check. */
export function storeFromConfig(config: StorageSettings): FileStore {
  const url = config.STORAGE_URL || `file://${config.FILES_DIR}`;
  const scheme = /^([a-z0-9+.-]+):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'file') return new LocalFileStore(url.slice('file://'.length));
  if (scheme === 's3') {
    const [bucket, ...rest] = url.slice('s3://'.length).split('/');
    const prefix = rest.filter(Boolean).join('/');
    if (!bucket) throw new StorageConfigError('STORAGE_URL: s3://BUCKET/PREFIX names no bucket');
    if ((config.S3_ACCESS_KEY_ID ? 1 : 0) + (config.S3_SECRET_ACCESS_KEY ? 1 : 0) === 1)
      throw new StorageConfigError('S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY: set both, or neither (the AWS chain)');
    return new S3FileStore({
      bucket,
      prefix: prefix ? `${prefix}/` : '',
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE === 'true',
      partSize: config.S3_PART_SIZE_BYTES,
    });
  }
  throw new StorageConfigError(`STORAGE_URL: unknown scheme "${scheme ?? url}"; use file://DIR or s3://BUCKET/PREFIX`);
}

/** Builds the store and checks it answers: a wrong bucket, credential or directory stops the app at start. */
export async function openStore(config: StorageSettings): Promise<FileStore> {
  const store = storeFromConfig(config);
  await store.check();
  return store;
}
