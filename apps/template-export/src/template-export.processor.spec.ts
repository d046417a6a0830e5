import type { Job, Queue } from 'bull';
import type { AppConfig } from '@app/common';
import type { BuildTemplateJob, CrashMark, TemplateExportJobs } from '@app/queues';
import { CrashLoopError } from '@app/queues';
import { TemplateExportProcessor } from './template-export.processor';
import type { TemplateExportRunner } from './template-export-runner.service';

describe('TemplateExportProcessor.build and the crash guard', () => {
  const setup = (processed: number) => {
    const runner = {
      run: jest.fn(() => Promise.resolve()),
      progress: jest.fn(() => Promise.resolve({ processed })),
      crashLooped: jest.fn(() => Promise.resolve('stopped twice')),
    };
    const processor = new TemplateExportProcessor(
      runner as unknown as TemplateExportRunner,
      {} as TemplateExportJobs,
      {} as Queue,
      {} as AppConfig,
    );
    return { runner, processor };
  };
  /** A job Bull hands back after its worker died once (stalledCounter 1) at 2048 contacts. */
  const job = () => {
    const crashGuard: CrashMark = { stalls: 1, progress: { processed: 2048 }, deaths: 1 };
    return {
      id: 'template-export:7:build',
      data: { exportId: 7, crashGuard },
      attemptsMade: 0,
      opts: { attempts: 3 },
      queue: { toKey: (id: string) => id, client: { hget: () => Promise.resolve('2') } },
      discard: jest.fn(),
      update: jest.fn(() => Promise.resolve()),
      progress: jest.fn(),
    };
  };

  it('fails the export of a job whose worker died again at the same point, without building it', async () => {
    const { runner, processor } = setup(2048);
    const stalled = job();
    await expect(processor.build(stalled as unknown as Job<BuildTemplateJob>)).rejects.toBeInstanceOf(CrashLoopError);
    expect(runner.crashLooped).toHaveBeenCalledWith(7, { processed: 2048 });
    expect(stalled.discard).toHaveBeenCalled();
    expect(runner.run).not.toHaveBeenCalled();
  });

  it('builds it again when it moved since its last death', async () => {
    const { runner, processor } = setup(4096);
    const stalled = job();
    await processor.build(stalled as unknown as Job<BuildTemplateJob>);
    expect(runner.crashLooped).not.toHaveBeenCalled();
    expect(stalled.update).toHaveBeenCalledWith({
      exportId: 7,
      crashGuard: { stalls: 2, progress: { processed: 4096 }, deaths: 1 },
    });
    expect(runner.run).toHaveBeenCalledWith(7, expect.objectContaining({ finalAttempt: false }));
  });
});
