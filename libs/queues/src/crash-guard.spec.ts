import fc from 'fast-check';
import type { Job } from 'bull';
import type { CrashMark } from './crash-guard';
import { CrashLoopError, guardCrashLoop, isCrashLoop, nextCrashMark } from './crash-guard';

const at = (line: number) => ({ line });

describe('crash guard: a job whose worker died twice at the same point is failed', () => {
  describe('nextCrashMark (previous mark, stalledCounter, progress -> mark)', () => {
    it.each<[string, CrashMark | undefined, number, number, CrashMark, boolean]>([
      ['a first start', undefined, 0, 0, { stalls: 0, progress: at(0), deaths: 0 }, false],
      ['a first start after deaths nobody marked', undefined, 3, 0, { stalls: 3, progress: at(0), deaths: 1 }, false],
      [
        'the first death, without progress',
        { stalls: 0, progress: at(0), deaths: 0 },
        1,
        0,
        { stalls: 1, progress: at(0), deaths: 1 },
        false,
      ],
      [
        'the first death, after progress',
        { stalls: 0, progress: at(0), deaths: 0 },
        1,
        50,
        { stalls: 1, progress: at(50), deaths: 1 },
        false,
      ],
      [
        'a second death at the same point',
        { stalls: 1, progress: at(50), deaths: 1 },
        2,
        50,
        { stalls: 2, progress: at(50), deaths: 2 },
        true,
      ],
      [
        'a second death after progress (the count starts again)',
        { stalls: 1, progress: at(50), deaths: 1 },
        2,
        100,
        { stalls: 2, progress: at(100), deaths: 1 },
        false,
      ],
      [
        'two deaths at once, no progress',
        { stalls: 0, progress: at(0), deaths: 0 },
        2,
        0,
        { stalls: 2, progress: at(0), deaths: 2 },
        true,
      ],
      [
        'a retry after an error (no death) keeps the count',
        { stalls: 1, progress: at(50), deaths: 1 },
        1,
        50,
        { stalls: 1, progress: at(50), deaths: 1 },
        false,
      ],
    ])('%s', (_, previous, stalls, line, expected, loop) => {
      const mark = nextCrashMark(previous, stalls, at(line));
      expect(mark).toEqual(expected);
      expect(isCrashLoop(mark)).toBe(loop);
    });

    it('a death after a retry that made no progress is the second at that point', () => {
      const died = nextCrashMark({ stalls: 0, progress: at(0), deaths: 0 }, 1, at(50));
      const retried = nextCrashMark(died, 1, at(50));
      expect(isCrashLoop(nextCrashMark(retried, 2, at(50)))).toBe(true);
    });

    it('compares every field of the progress', () => {
      const previous = { stalls: 1, progress: { line: 0, processed: 10 }, deaths: 1 };
      expect(isCrashLoop(nextCrashMark(previous, 2, { line: 0, processed: 20 }))).toBe(false);
      expect(isCrashLoop(nextCrashMark(previous, 2, { line: 0, processed: 10 }))).toBe(true);
    });

    it('never stops a job that moves between any two deaths, however many (the chaos test)', () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 50 }), (steps) => {
          let mark = nextCrashMark(undefined, 0, at(0));
          let line = 0;
          steps.forEach((step, i) => {
            line += step;
            mark = nextCrashMark(mark, i + 1, at(line));
            expect(isCrashLoop(mark)).toBe(false);
          });
        }),
      );
    });

    it('always stops a job at its second death with no progress since the first, whatever came before', () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 20 }), (steps) => {
          let mark = nextCrashMark(undefined, 0, at(0));
          let line = 0;
          steps.forEach((step, i) => (mark = nextCrashMark(mark, i + 1, at((line += step)))));
          // Dies, comes back at `line`, dies again without moving.
          const first = nextCrashMark(mark, steps.length + 1, at(line + 1));
          expect(isCrashLoop(first)).toBe(false);
          expect(isCrashLoop(nextCrashMark(first, steps.length + 2, at(line + 1)))).toBe(true);
        }),
      );
    });
  });

  describe('guardCrashLoop on a job', () => {
    /** A job as Bull hands it to a processor, with its hash (where Bull counts its stalls) in a Map. */
    const fakeJob = (data: object, stalledCounter = 0) => {
      const hash = new Map([['stalledCounter', String(stalledCounter)]]);
      const key = 'bull:import:import:7:process:1';
      const job = {
        id: 'import:7:process:1',
        data,
        queue: {
          toKey: (id: string) => `bull:import:${id}`,
          client: {
            hget: (at: string, field: string) => Promise.resolve(at === key ? (hash.get(field) ?? null) : null),
          },
        },
        discarded: false,
        discard() {
          this.discarded = true;
          return Promise.resolve();
        },
        update(next: object) {
          this.data = next;
          return Promise.resolve();
        },
      };
      const stall = () => hash.set('stalledCounter', String(Number(hash.get('stalledCounter')) + 1));
      return { job, asJob: job as unknown as Job<object>, stall };
    };

    it('keeps its mark in the job data beside the payload, and stops the job at its second death in place', async () => {
      const { job, asJob, stall } = fakeJob({ importId: 7 });
      const stop = jest.fn(() => Promise.resolve('stopped twice at line 50'));
      const hooks = { progress: () => Promise.resolve(at(50)), stop };

      await guardCrashLoop(asJob, hooks);
      expect(job.data).toEqual({ importId: 7, crashGuard: { stalls: 0, progress: at(50), deaths: 0 } });
      stall();
      await guardCrashLoop(asJob, hooks);
      expect(job.data).toEqual({ importId: 7, crashGuard: { stalls: 1, progress: at(50), deaths: 1 } });
      expect(stop).not.toHaveBeenCalled();
      stall();
      await expect(guardCrashLoop(asJob, hooks)).rejects.toEqual(new CrashLoopError('stopped twice at line 50'));
      expect(stop).toHaveBeenCalledWith(at(50));
      expect(job.discarded).toBe(true);
    });

    it('leaves the job to Bull when failing its row fails (it comes back and tries again)', async () => {
      const { job, asJob } = fakeJob({ importId: 7, crashGuard: { stalls: 1, progress: at(0), deaths: 1 } }, 2);
      const hooks = { progress: () => Promise.resolve(at(0)), stop: () => Promise.reject(new Error('database down')) };
      await expect(guardCrashLoop(asJob, hooks)).rejects.toThrow('database down');
      expect(job.discarded).toBe(false);
    });
  });
});
