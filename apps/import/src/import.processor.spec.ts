import { Logger } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import type { AppConfig } from '@app/common';
import type { ImportJobs, ProcessImportJob } from '@app/queues';
import { ImportProcessor } from './import.processor';
import type { ImportRunner } from './import-runner.service';

describe('ImportProcessor.onFailed', () => {
  // The processor logs the error the last spec provokes.
  beforeAll(() => Logger.overrideLogger(false));
  const setup = () => {
    const runner = { stopped: jest.fn(() => Promise.resolve()) };
    const jobs = { finished: jest.fn(() => Promise.resolve()) };
    const processor = new ImportProcessor(
      runner as unknown as ImportRunner,
      jobs as unknown as ImportJobs,
      {} as Queue,
      {} as AppConfig,
    );
    return { runner, jobs, processor };
  };
  const job = (attemptsMade: number, importId: unknown = 42) =>
    ({ attemptsMade, opts: { attempts: 5 }, data: { importId } }) as unknown as Job<ProcessImportJob>;

  it('leaves a job Bull will retry alone (its lane keeps the slot of a job still queued)', async () => {
    const { runner, jobs, processor } = setup();
    await processor.onFailed(job(4));
    expect(runner.stopped).not.toHaveBeenCalled();
    expect(jobs.finished).toHaveBeenCalledWith(job(4));
  });

  it('fails the import of a job that failed its last attempt, and releases its lane', async () => {
    const { runner, jobs, processor } = setup();
    await processor.onFailed(job(5));
    expect(runner.stopped).toHaveBeenCalledWith(42);
    expect(jobs.finished).toHaveBeenCalledWith(job(5));
  });

  it('a lane that cannot be released (Redis down) still fails the import, and never throws', async () => {
    const { runner, jobs, processor } = setup();
    jobs.finished.mockRejectedValue(new Error('Connection is closed'));
    await expect(processor.onFailed(job(5))).resolves.toBeUndefined();
    expect(runner.stopped).toHaveBeenCalledWith(42);
    await expect(processor.onCompleted(job(1))).resolves.toBeUndefined();
  });

  it('ignores a payload without an import id, and never throws', async () => {
    const { runner, processor } = setup();
    await processor.onFailed(job(5, 'x'));
    expect(runner.stopped).not.toHaveBeenCalled();
    runner.stopped.mockRejectedValue(new Error('database down'));
    await expect(processor.onFailed(job(5))).resolves.toBeUndefined();
  });
});
