/**
 * The one job-id scheme of every queue: `<subject>:<id>:<action>[:<run>]`.
 *
 * - `<subject>:<id>` is the row the job works on: `import:42`, `template-export:7`.
 * - `<action>` is what the job does to it: `process`, `revert`, `build`. A notification's job id is its
 *   message's dedupeKey, which names the event the same way (`import:42:apply:completed`,
 *   `template-export:7:failed`).
 * - `<run>` tells apart the jobs of one action that are queued again on purpose.
 *
 * Why a run: Bull keeps finished jobs (removeOnComplete and removeOnFail, QueuesModule), and `add` with the
 * id of a kept job, completed or failed, queues nothing and answers the old job.
 * - No run where one job per action is the point (an export's build, a notification): adding it again while
 *   the first is kept is a no-op, which is the dedupe.
 * - A run where the same action comes back: an import is processed once to validate and again to apply, and
 *   the lost-job sweep requeues an action whose old job may still be kept as failed (stalled too often).
 *   The run is the enqueue time in milliseconds, `recovered-<ms>` for the sweep; the status UPDATE before
 *   each enqueue (or the sweep's lock) lets one caller through, so two runs never share a millisecond.
 *
 * Ids are stored in Redis with their jobs and nothing parses them; a change of scheme leaves the jobs
 * already queued as they are.
 */
export type JobSubject = 'import' | 'template-export';
export type JobAction = 'process' | 'revert' | 'build';

/** Why an action is queued again: a request (the API) or the lost-job sweep. */
export type JobRunKind = 'request' | 'recovered';

export interface EnqueueOptions {
  /** The lost-job sweep puts back a job Redis lost: its id says so, and never meets the lost one's. */
  recovered?: boolean;
}

/** The `<run>` part: the enqueue time, marked when the sweep requeues. */
export function jobRun(kind: JobRunKind, now: number = Date.now()): string {
  return kind === 'recovered' ? `recovered-${now}` : String(now);
}

export function jobId(subject: JobSubject, id: number, action: JobAction, run?: string): string {
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`A ${subject} job needs a row id, got ${id}`);
  return run === undefined ? `${subject}:${id}:${action}` : `${subject}:${id}:${action}:${run}`;
}
