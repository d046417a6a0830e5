import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '@app/common';
import { ImportJobs } from './import-jobs';
import { NotificationJobs } from './notifications';
import { QueueName } from './queue-names';
import { QueueShutdown } from './queue-shutdown';
import { TemplateExportJobs } from './template-export-jobs';
import { TenantLanes } from './tenant-lanes';

/**
 * Bull on Redis with every queue registered, the retry policy set once, and one producer per queue.
 * Long jobs (exports, imports of millions of rows) keep their lock with a generous duration;
 * a worker killed mid-job has its job handed back as stalled and resumed elsewhere.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        url: config.REDIS_URL,
        prefix: config.QUEUE_PREFIX,
        settings: {
          lockDuration: config.QUEUE_LOCK_DURATION_MS,
          lockRenewTime: Math.floor(config.QUEUE_LOCK_DURATION_MS / 4),
          stalledInterval: config.QUEUE_STALLED_INTERVAL_MS,
          maxStalledCount: config.QUEUE_MAX_STALLED_COUNT,
        },
        defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000 },
      }),
    }),
    BullModule.registerQueueAsync(
      {
        name: QueueName.TemplateExport,
        inject: [AppConfig],
        useFactory: () => ({
          defaultJobOptions: {
            attempts: 3,
            backoff: { type: 'exponential', delay: 5000 },
            removeOnComplete: 1000,
            removeOnFail: 5000,
          },
        }),
      },
      {
        name: QueueName.Import,
        inject: [AppConfig],
        useFactory: () => ({
          defaultJobOptions: {
            attempts: 5,
            backoff: { type: 'exponential', delay: 5000 },
            removeOnComplete: 1000,
            removeOnFail: 5000,
          },
        }),
      },
      {
        name: QueueName.Notifications,
        inject: [AppConfig],
        useFactory: (config: AppConfig) => ({
          defaultJobOptions: {
            attempts: config.NOTIFICATION_ATTEMPTS,
            backoff: { type: 'exponential', delay: config.NOTIFICATION_RETRY_DELAY_MS },
            removeOnComplete: 1000,
            removeOnFail: 5000,
          },
        }),
      },
    ),
  ],
  // The producers: the only code that adds jobs, and the owners of their ids (job-ids.ts); the first two through
  // the tenant lanes.
  providers: [QueueShutdown, TenantLanes, ImportJobs, TemplateExportJobs, NotificationJobs],
  exports: [BullModule, TenantLanes, ImportJobs, TemplateExportJobs, NotificationJobs],
})
export class QueuesModule {}
