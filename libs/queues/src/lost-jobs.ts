import type { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '@app/common';
import type { JobStatus, Queue } from 'bull';
import type { DataSource } from 'typeorm';
import { withNamedLock } from '@app/database';
import type { TenantLanes } from './tenant-lanes';

export interface LostJobSweep {
  /** What the jobs are, in logs and in the name of the sweep's lock (imports, template_exports). */
  table: 'imports' | 'template_exports';
  /**
   * The rows queued or running for longer than `graceSeconds` (of `institutionId` only, when given): their
   * repository's.
   */
  open(graceSeconds: number, institutionId?: number): Promise<number[]>;
  /** The job payload field holding the row id (importId, exportId). */
  idField: string;
  /** The queue's tenant lanes: reconciled first, and their parked jobs are queued, not lost. */
  lanes: TenantLanes;
  /** Rows younger than this may not have their Bull job yet (saved, not yet queued). */
  graceSeconds: number;
  /** Only this institution's rows (tests sharing a database). */
  institutionId?: number;
  /** Puts the job back in the queue; answers an error message instead when it cannot be resumed. */
  requeue(id: number): Promise<string | void>;
  /** Marks the row failed with that message. */
  fail(id: number, message: string): Promise<void>;
  /**
   * Marks failed, with a short generic reason, the row whose Bull job failed its last attempt (Bull keeps it): not
   * lost, never requeued.
   */
  stopped(id: number): Promise<void>;
}

export interface LostJobResult {
  requeued: number[];
  failed: number[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Finds the queued/running rows whose Bull job is gone (Redis restarted without persistence, keys
 * deleted) and requeues them, or fails them with a clear message; one sweeper at a time per database,
 * whatever the replica (a MySQL named lock), and a second look before acting so a job being added right now is not
 * doubled.
 * A row whose job Bull keeps as failed (every attempt failed) is not lost: it is failed, never requeued. A job parked
 * in its tenant's lane is not lost either; the lanes are reconciled first, so that a slot a killed worker never
 * released frees its tenant's next job.
 */
export async function sweepLostJobs(
  dataSource: DataSource,
  queue: Queue,
  sweep: LostJobSweep,
  logger: Logger,
  recheckMs = 1500,
): Promise<LostJobResult> {
  const result: LostJobResult = { requeued: [], failed: [] };
  // Another replica sweeping now: this one skips (the next minute's sweep finds what remains).
  const swept = await withNamedLock(dataSource, `lost-jobs:${sweep.table}`, 0, async () => {
    const ids = async (states: JobStatus[]) =>
      new Set((await queue.getJobs(states)).filter(Boolean).map((job) => Number(job.data?.[sweep.idField])));
    const orphans = async () => {
      const open = await sweep.open(sweep.graceSeconds, sweep.institutionId);
      if (!open.length) return [];
      const live = await ids(['waiting', 'active', 'delayed', 'paused']);
      const parked = (await sweep.lanes.parked(queue)).map((spec) =>
        Number((spec.data as Record<string, unknown>)[sweep.idField]),
      );
      return open.filter((id) => !live.has(id) && !parked.includes(id));
    };
    await sweep.lanes.reconcile(queue);
    const first = await orphans();
    if (!first.length) return result;
    await sleep(recheckMs);
    const again = new Set(await orphans());
    const failedJobs = await ids(['failed']);
    for (const id of first.filter((candidate) => again.has(candidate))) {
      if (failedJobs.has(id)) {
        await sweep.stopped(id);
        result.failed.push(id);
        logger.warn(`${sweep.table} ${id} was still open though its queue job had failed; marked failed`);
        continue;
      }
      const refused = await sweep.requeue(id);
      if (refused) {
        await sweep.fail(id, refused);
        result.failed.push(id);
        logger.warn(`${sweep.table} ${id} had lost its queue job and cannot be resumed: ${refused}`);
      } else {
        result.requeued.push(id);
        logger.warn(`${sweep.table} ${id} had lost its queue job (Redis restarted or its keys were deleted); requeued`);
      }
    }
    return result;
  });
  return swept.locked ? swept.value : result;
}

/**
 * The start-up and timer wiring of a lost-job sweep (each app adds its own `@Interval` calling
 * `sweepQuietly`, and says in `sweep` which table it covers and how to requeue).
 */
export abstract class LostJobSweeper implements OnApplicationBootstrap {
  protected abstract readonly logger: Logger;
  protected abstract readonly config: AppConfig;

  abstract sweep(graceSeconds?: number, institutionId?: number): Promise<LostJobResult>;

  onApplicationBootstrap(): void {
    void this.sweepQuietly();
  }

  /** A sweep unless LOST_JOB_SWEEP=off; it runs on a timer, so a failure is logged, never thrown. */
  protected async sweepQuietly(): Promise<void> {
    if (this.config.LOST_JOB_SWEEP === 'off') return;
    await this.sweep().catch((error) => this.logger.error(`lost-job sweep failed: ${(error as Error).message}`));
  }
}
