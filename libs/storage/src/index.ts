export * from './file-store';
export { LocalFileStore } from './local-file-store';
export { MIN_PART_SIZE, S3FileStore } from './s3-file-store';
export type { S3StoreOptions } from './s3-file-store';
export { openStore, storeFromConfig } from './store-from-config';
export { ScratchDir } from './scratch-dir';
export { StorageModule } from './storage.module';
