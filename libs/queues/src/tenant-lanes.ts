import { Inject, Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import type { Redis } from 'ioredis';
import { AppConfig } from '@app/common';

/** A job as the producers add it: what a parked job keeps until its turn. */
export interface JobSpec<T = unknown> {
  name: string;
  data: T;
  jobId: string;
}

/**
 * How long a slot may wait for its Bull job between "admitted" and `queue.add`: past it, a slot without a job is
 * stale (the producer died in between) and the lost-job sweep requeues the row.
 */
export const ADMIT_GRACE_MS = 60_000;

/**
 * One script, so that deciding and recording is atomic across every producer and worker process. For one tenant of
 * one queue it drops the stale slots (a job Bull finished, completed or failed for good; a job gone from Redis), parks
 * the new spec, if any, behind the tenant's others, then admits parked specs in order while the tenant holds fewer
 * than `limit` slots, and answers those to add. A slot scores its admission time, negated until `queue.add` is
 * confirmed: a confirmed slot whose job is gone is stale at once, an unconfirmed one only after the grace.
 *
 * KEYS: the queue's set of tenants with a lane, the tenant's slots (zset), the tenant's parked specs (list).
 * ARGV: Bull's key base (`queue.toKey('')`), tenant, limit, now (ms), grace (ms), a spec's JSON or ''.
 */
const FILL_LANE = `
local base, tenant, limit, now, grace, spec = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
local slots = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
for i = 1, #slots, 2 do
  local id, score = slots[i], tonumber(slots[i + 1])
  local finished = redis.call('ZSCORE', base .. 'completed', id) or redis.call('ZSCORE', base .. 'failed', id)
  local gone = redis.call('EXISTS', base .. id) == 0 and (score > 0 or now + score > grace)
  if finished or gone then redis.call('ZREM', KEYS[2], id) end
end
if spec ~= '' then redis.call('RPUSH', KEYS[3], spec) end
local admitted = {}
while redis.call('ZCARD', KEYS[2]) < limit do
  local next = redis.call('LPOP', KEYS[3])
  if not next then break end
  redis.call('ZADD', KEYS[2], -now, cjson.decode(next).jobId)
  admitted[#admitted + 1] = next
end
if redis.call('ZCARD', KEYS[2]) == 0 and redis.call('LLEN', KEYS[3]) == 0 then
  redis.call('SREM', KEYS[1], tenant)
else
  redis.call('SADD', KEYS[1], tenant)
end
return admitted
`;

type LaneClient = Redis & {
  cmuFillLane(
    tenants: string,
    slots: string,
    parked: string,
    base: string,
    tenant: string,
    limit: number,
    now: number,
    grace: number,
    spec: string,
  ): Promise<string[]>;
};

/**
 * Per-tenant fairness: at most MAX_RUNNING_JOBS_PER_TENANT jobs of a tenant (an institution) are in a queue's Bull
 * lists at once (waiting, running or retrying); its other jobs wait, in order, parked in Redis beside the queue, and
 * are added one by one as its jobs finish. Another tenant's job is therefore never behind more than N jobs of each
 * tenant. Bull knows nothing of it: only the producers (ImportJobs, TemplateExportJobs) go through the lanes, and the
 * processors release a slot when a job finishes. A slot whose job finished or vanished without a release (a worker
 * killed) is dropped the next time the lane is touched, and the lost-job sweep touches every lane each minute.
 *
 * Keys, under the queue's own prefix: `lanes` (the tenants with a lane), `lane:<tenant>:slots`, `lane:<tenant>:parked`.
 */
@Injectable()
export class TenantLanes {
  constructor(@Inject(AppConfig) private readonly config: Pick<AppConfig, 'MAX_RUNNING_JOBS_PER_TENANT'>) {}

  /** Adds the job now when the tenant has a free slot in this queue, else parks it behind the tenant's others. */
  async add(queue: Queue, tenant: number, spec: JobSpec): Promise<void> {
    await this.addAll(queue, tenant, await this.fill(queue, tenant, spec));
  }

  /**
   * After a job of the queue completed or failed: frees the slots of its tenant's finished jobs (a job failed but to be
   * retried keeps its slot) and adds the tenant's next parked jobs. A job queued without a tenant (before the lanes)
   * holds no slot.
   */
  async release(queue: Queue, job: Job): Promise<void> {
    const tenant = Number((job.data as { institutionId?: unknown } | undefined)?.institutionId);
    if (!Number.isSafeInteger(tenant) || tenant <= 0) return;
    await this.addAll(queue, tenant, await this.fill(queue, tenant));
  }

  /** Every lane of the queue, as `release` does for one: what a worker killed before its release left behind. */
  async reconcile(queue: Queue): Promise<void> {
    for (const tenant of await queue.client.smembers(queue.toKey('lanes')))
      await this.addAll(queue, Number(tenant), await this.fill(queue, Number(tenant)));
  }

  /** The jobs parked in every lane of the queue, in order: queued, though Bull does not hold them yet. */
  async parked(queue: Queue): Promise<JobSpec[]> {
    const tenants = await queue.client.smembers(queue.toKey('lanes'));
    const lists = await Promise.all(tenants.map((tenant) => queue.client.lrange(this.keys(queue, tenant)[2], 0, -1)));
    return lists.flat().map((spec) => JSON.parse(spec) as JobSpec);
  }

  private async fill(queue: Queue, tenant: number, spec?: JobSpec): Promise<JobSpec[]> {
    if (!Number.isSafeInteger(tenant) || tenant <= 0) throw new Error(`A job's tenant must be an id, got ${tenant}`);
    const client = this.client(queue);
    const admitted = await client.cmuFillLane(
      ...this.keys(queue, String(tenant)),
      queue.toKey(''),
      String(tenant),
      this.config.MAX_RUNNING_JOBS_PER_TENANT,
      Date.now(),
      ADMIT_GRACE_MS,
      spec ? JSON.stringify(spec) : '',
    );
    return admitted.map((json) => JSON.parse(json) as JobSpec);
  }

  /** Adds the admitted jobs, then confirms their slots (a confirmed slot whose job is gone is stale at once). */
  private async addAll(queue: Queue, tenant: number, specs: JobSpec[]): Promise<void> {
    for (const spec of specs) {
      await queue.add(spec.name, spec.data, { jobId: spec.jobId });
      await queue.client.zadd(this.keys(queue, String(tenant))[1], 'XX', Date.now(), spec.jobId);
    }
  }

  private keys(queue: Queue, tenant: string): [string, string, string] {
    return [queue.toKey('lanes'), queue.toKey(`lane:${tenant}:slots`), queue.toKey(`lane:${tenant}:parked`)];
  }

  private client(queue: Queue): LaneClient {
    const client = queue.client as LaneClient;
    if (typeof client.cmuFillLane !== 'function')
      client.defineCommand('cmuFillLane', { numberOfKeys: 3, lua: FILL_LANE });
    return client;
  }
}
