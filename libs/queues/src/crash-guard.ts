import { isDeepStrictEqual } from 'node:util';
import type { Job } from 'bull';

/**
 * What a job's row says was done when a run starts (an import's resume cursor and processed rows, an export's
 * processed contacts): two equal marks mean no progress between them.
 */
export type ProgressMark = Record<string, number>;

/** What the guard keeps in the job's data (`crashGuard`) from one start of the job to the next. */
export interface CrashMark {
  /** Bull's `stalledCounter` when the job last started: a higher one means its worker died since. */
  stalls: number;
  /** The progress found at the start after the last death (or at the first start). */
  progress: ProgressMark;
  /** The deaths in a row with no progress between them. */
  deaths: number;
}

/** A job whose worker died this many times in a row at the same point is failed, not run again. */
export const DEATHS_AT_ONE_POINT = 2;

/**
 * The rule, pure. A start with a higher stall count than the last one follows a death (the worker killed, out of
 * memory, crashed: Bull found the job's lock gone and handed it back). A death at the progress of the previous death
 * counts one more; a death after progress counts as the first. Other starts (the first one, a retry after an error)
 * keep the count.
 */
export function nextCrashMark(previous: CrashMark | undefined, stalls: number, progress: ProgressMark): CrashMark {
  const died = Math.max(0, stalls - (previous?.stalls ?? 0));
  // Deaths before any mark was saved: where they happened is unknown, so they count as one.
  if (!previous) return { stalls, progress, deaths: Math.min(died, 1) };
  if (!died) return { ...previous, stalls };
  const samePoint = isDeepStrictEqual(previous.progress, progress);
  return { stalls, progress, deaths: samePoint ? previous.deaths + died : 1 };
}

export const isCrashLoop = (mark: CrashMark) => mark.deaths >= DEATHS_AT_ONE_POINT;

/** Thrown by the guard for a job it failed for good (discarded: Bull does not retry it). */
export class CrashLoopError extends Error {}

export interface CrashGuardHooks<P extends ProgressMark> {
  /** The progress the job's row records now. */
  progress(): Promise<P>;
  /** Fails the row (and mails it) as stopped at `progress`; answers the reason, which the Bull job fails with. */
  stop(progress: P): Promise<string>;
}

const KEY = 'crashGuard';

/**
 * Called first by a processor: a job whose worker died twice at the same point is failed (its row by `stop`, its Bull
 * job discarded and failed with the reason) instead of killing the next worker too. Bull's own QUEUE_MAX_STALLED_COUNT
 * stays the bound for a job that moves between deaths.
 */
export async function guardCrashLoop<P extends ProgressMark>(
  job: Job<object>,
  hooks: CrashGuardHooks<P>,
): Promise<void> {
  // Bull v4 counts stalls in the job's hash but Job.fromJSON leaves the count out.
  const stalls = Number(await job.queue.client.hget(job.queue.toKey(String(job.id)), 'stalledCounter')) || 0;
  const previous = (job.data as { [KEY]?: CrashMark })[KEY];
  const progress = await hooks.progress();
  const mark = nextCrashMark(previous, stalls, progress);
  if (isCrashLoop(mark)) {
    const reason = await hooks.stop(progress);
    await job.discard();
    throw new CrashLoopError(reason);
  }
  await job.update({ ...job.data, [KEY]: mark });
}
