import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import type { ProcessImportJob } from '@app/queues';
import { ImportProcessor } from './import.processor';
import type { ImportRunner } from './import-runner.service';

describe('ImportProcessor.onFailed', () => {
  // The processor logs the error the last spec provokes.
  beforeAll(() => Logger.overrideLogger(false));
  const setup = () => {
    const runner = { stopped: jest.fn(() => Promise.resolve()) };
    return { runner, processor: new ImportProcessor(runner as unknown as ImportRunner) };
  };
  const job = (attemptsMade: number, importId: unknown = 42) =>
    ({ attemptsMade, opts: { attempts: 5 }, data: { importId } }) as unknown as Job<ProcessImportJob>;

  it('leaves a job Bull will retry alone', async () => {
    const { runner, processor } = setup();
    await processor.onFailed(job(4));
    expect(runner.stopped).not.toHaveBeenCalled();
  });

  it('fails the import of a job that failed its last attempt', async () => {
    const { runner, processor } = setup();
    await processor.onFailed(job(5));
    expect(runner.stopped).toHaveBeenCalledWith(42);
  });

  it('ignores a payload without an import id, and never throws', async () => {
    const { runner, processor } = setup();
    await processor.onFailed(job(5, 'x'));
    expect(runner.stopped).not.toHaveBeenCalled();
    runner.stopped.mockRejectedValue(new Error('database down'));
    await expect(processor.onFailed(job(5))).resolves.toBeUndefined();
  });
});
