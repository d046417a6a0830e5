import fc from 'fast-check';
import type { JobAction, JobSubject } from './job-ids';
import { jobId, jobRun } from './job-ids';

describe('job ids: <subject>:<id>:<action>[:<run>]', () => {
  it.each([
    ['import', 42, 'process', '1767225600000', 'import:42:process:1767225600000'],
    ['import', 42, 'process', 'recovered-1767225600000', 'import:42:process:recovered-1767225600000'],
    ['import', 42, 'revert', '1767225600000', 'import:42:revert:1767225600000'],
    ['template-export', 7, 'build', undefined, 'template-export:7:build'],
    ['template-export', 7, 'build', 'recovered-1767225600000', 'template-export:7:build:recovered-1767225600000'],
  ] as const)('%s %i %s run %s is %s', (subject, id, action, run, expected) => {
    expect(jobId(subject, id, action, run)).toBe(expected);
  });

  it('a run is the enqueue time, marked when the lost-job sweep requeues', () => {
    expect(jobRun('request', 1767225600000)).toBe('1767225600000');
    expect(jobRun('recovered', 1767225600000)).toBe('recovered-1767225600000');
    const before = Date.now();
    expect(Number(jobRun('request'))).toBeGreaterThanOrEqual(before);
  });

  it('refuses an id that is not a row id', () => {
    for (const bad of [0, -1, 1.5, NaN, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => jobId('import', bad, 'process')).toThrow(/needs a row id/);
    }
  });

  it('two different jobs never share an id (subject, row, action, kind and time all count)', () => {
    const subject = fc.constantFrom<JobSubject>('import', 'template-export');
    const action = fc.constantFrom<JobAction>('process', 'revert', 'build');
    const run = fc.option(
      fc
        .tuple(fc.constantFrom('request' as const, 'recovered' as const), fc.nat())
        .map(([kind, at]) => jobRun(kind, at)),
      { nil: undefined },
    );
    const job = fc.tuple(subject, fc.integer({ min: 1, max: 2 ** 31 }), action, run);
    fc.assert(
      fc.property(job, job, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(jobId(...a)).not.toBe(jobId(...b));
      }),
    );
  });
});
