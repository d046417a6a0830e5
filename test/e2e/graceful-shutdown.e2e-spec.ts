import { Process, Processor } from '@nestjs/bull';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Bull, { Job } from 'bull';
import { DataSource } from 'typeorm';
import { ConfigModule } from '@app/common';
import { DatabaseModule } from '@app/database';
import { QueueName, QueuesModule } from '@app/queues';
import { isolateTestFile } from '../utils';

const PROBE = 'shutdown-probe';
let started: () => void;
const jobStarted = new Promise<void>((resolve) => (started = resolve));

/** A job that is still running, and still needs the database, when the app is told to stop. */
@Injectable()
@Processor(QueueName.Notifications)
class ShutdownProbe {
  constructor(private readonly dataSource: DataSource) {}

  @Process(PROBE)
  async run(job: Job<{ ms: number }>): Promise<number> {
    started();
    await new Promise((resolve) => setTimeout(resolve, job.data.ms));
    const [row] = await this.dataSource.query('SELECT 41 + 1 AS answer');
    return Number(row.answer);
  }
}

@Module({ imports: [ConfigModule, DatabaseModule, QueuesModule], providers: [ShutdownProbe] })
class ProbeAppModule {}

describe('graceful shutdown (SIGTERM runs app.close(): enableShutdownHooks)', () => {
  it('lets the running Bull job finish, with the database still open, before the process stops', async () => {
    const { queuePrefix } = isolateTestFile();
    const moduleRef = await Test.createTestingModule({ imports: [ProbeAppModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    await app.init();

    const observer = new Bull(QueueName.Notifications, process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
      prefix: queuePrefix,
    });
    try {
      const job = await observer.add(PROBE, { ms: 1500 }, { attempts: 1 });
      await jobStarted;
      const startedClosing = Date.now();
      await app.close();
      // close() returned only once the job was done: it waited for it rather than cutting it off.
      expect(Date.now() - startedClosing).toBeGreaterThan(1000);
      const done = await observer.getJob(job.id);
      expect({ state: await done!.getState(), result: done!.returnvalue, failure: done!.failedReason }).toEqual({
        state: 'completed',
        result: 42,
        failure: undefined,
      });
    } finally {
      await observer.obliterate({ force: true }).catch(() => undefined);
      await observer.close();
    }
  });
});
