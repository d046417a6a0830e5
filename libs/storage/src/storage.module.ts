import type { OnApplicationShutdown } from '@nestjs/common';
import { Global, Inject, Injectable, Logger, Module } from '@nestjs/common';
import { AppConfig, HEALTH_CHECKS } from '@app/common';
import type { NamedHealthCheck } from '@app/common';
import { FileStore } from './file-store';
import { ScratchDir } from './scratch-dir';
import { S3FileStore } from './s3-file-store';
import { openStore } from './store-from-config';

@Injectable()
class StoreShutdown implements OnApplicationShutdown {
  constructor(@Inject(FileStore) private readonly store: FileStore) {}
  onApplicationShutdown(): void {
    if (this.store instanceof S3FileStore) this.store.destroy();
  }
}

/**
 * The file store of STORAGE_URL, checked before the app starts (a missing bucket or wrong credentials stop it with a
 * message naming the variable), reported by /health, and the process's scratch directory, cleaned at start.
 */
@Global()
@Module({
  providers: [
    {
      provide: FileStore,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        const store = await openStore(config);
        new Logger('FileStore').log(`Files in ${store.location}`);
        return store;
      },
    },
    {
      provide: ScratchDir,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        const scratch = new ScratchDir(config.SCRATCH_DIR);
        const deleted = await scratch.clean();
        if (deleted.length)
          new Logger('ScratchDir').log(`Deleted the scratch files of ${deleted.length} stopped process(es)`);
        return scratch;
      },
    },
    {
      provide: HEALTH_CHECKS,
      inject: [FileStore],
      useFactory: (store: FileStore): NamedHealthCheck[] => [{ name: 'storage', ping: () => store.check() }],
    },
    StoreShutdown,
  ],
  exports: [FileStore, ScratchDir, HEALTH_CHECKS],
})
export class StorageModule {}
