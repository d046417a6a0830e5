import { randomBytes } from 'node:crypto';
import type { Job, Queue } from 'bull';
import Bull from 'bull';
import { ADMIT_GRACE_MS, TenantLanes } from './tenant-lanes';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The lanes against a real Redis and real Bull queues, under a prefix of their own; no worker takes the jobs. */
describe('TenantLanes', () => {
  const queues: Queue[] = [];
  const newQueue = (name = 'import') => {
    const queue = new Bull(name, REDIS_URL, {
      prefix: `cmu-lanes-${randomBytes(4).toString('hex')}`,
      defaultJobOptions: { attempts: 3, backoff: { type: 'fixed', delay: 60_000 } },
    });
    queues.push(queue);
    return queue;
  };
  afterAll(async () => {
    for (const queue of queues) {
      const keys = await queue.client.keys(queue.toKey('*'));
      if (keys.length) await queue.client.del(...keys);
      await queue.close();
    }
  });

  const lanes = new TenantLanes({ MAX_RUNNING_JOBS_PER_TENANT: 2 });
  const spec = (tenant: number, n: number) => ({
    name: 'process-import',
    data: { importId: n, institutionId: tenant },
    jobId: `import:${n}:process:1`,
  });
  /** The ids Bull holds as waiting, in the order a worker takes them. */
  const waiting = async (queue: Queue) => (await queue.getWaiting()).map((job) => job.id);
  const parked = async (queue: Queue) => (await lanes.parked(queue)).map((job) => job.jobId);
  /** What a worker does with a job, without a worker: takes it, then completes it or fails it (for good or not). */
  async function finish(queue: Queue, id: string, how: 'completed' | 'failed' | 'retried'): Promise<Job> {
    const job = (await queue.getJob(id))!;
    await queue.client.lrem(queue.toKey('wait'), 0, id);
    await queue.client.lpush(queue.toKey('active'), id);
    if (how === 'completed') await job.moveToCompleted('done', true, true);
    else {
      if (how === 'failed') await job.discard();
      await job.moveToFailed({ message: 'boom' }, true);
    }
    return job;
  }

  it('admits at most N jobs of a tenant, parks the rest and admits them in order as jobs finish', async () => {
    const queue = newQueue();
    for (let n = 1; n <= 5; n++) await lanes.add(queue, 7, spec(7, n));
    expect(await waiting(queue)).toEqual(['import:1:process:1', 'import:2:process:1']);
    expect(await parked(queue)).toEqual(['import:3:process:1', 'import:4:process:1', 'import:5:process:1']);

    await lanes.release(queue, await finish(queue, 'import:1:process:1', 'completed'));
    expect(await waiting(queue)).toEqual(['import:2:process:1', 'import:3:process:1']);
    await lanes.release(queue, await finish(queue, 'import:2:process:1', 'failed'));
    expect(await waiting(queue)).toEqual(['import:3:process:1', 'import:4:process:1']);
    expect(await parked(queue)).toEqual(['import:5:process:1']);
  });

  it('a job that failed but will be retried keeps its slot', async () => {
    const queue = newQueue();
    for (let n = 1; n <= 3; n++) await lanes.add(queue, 7, spec(7, n));
    const retried = await finish(queue, 'import:1:process:1', 'retried');
    expect(await retried.isDelayed()).toBe(true);
    await lanes.release(queue, retried);
    expect(await waiting(queue)).toEqual(['import:2:process:1']);
    expect(await parked(queue)).toEqual(['import:3:process:1']);
  });

  it('the bound is the setting', async () => {
    const queue = newQueue();
    const three = new TenantLanes({ MAX_RUNNING_JOBS_PER_TENANT: 3 });
    for (let n = 1; n <= 5; n++) await three.add(queue, 7, spec(7, n));
    expect(await waiting(queue)).toHaveLength(3);
    expect(await parked(queue)).toEqual(['import:4:process:1', 'import:5:process:1']);
  });

  it('tenants are independent: a full lane never delays another tenant', async () => {
    const queue = newQueue();
    for (let n = 1; n <= 4; n++) await lanes.add(queue, 7, spec(7, n));
    await lanes.add(queue, 8, spec(8, 100));
    expect(await waiting(queue)).toEqual(['import:1:process:1', 'import:2:process:1', 'import:100:process:1']);
    expect(await parked(queue)).toEqual(['import:3:process:1', 'import:4:process:1']);
    // Tenant 8's job finishing frees tenant 8's slot, not tenant 7's.
    await lanes.release(queue, await finish(queue, 'import:100:process:1', 'completed'));
    expect(await parked(queue)).toEqual(['import:3:process:1', 'import:4:process:1']);
  });

  it('two queues are independent', async () => {
    const imports = newQueue('import');
    const exports = newQueue('template-export');
    for (let n = 1; n <= 3; n++) await lanes.add(imports, 7, spec(7, n));
    await lanes.add(exports, 7, spec(7, 50));
    expect(await waiting(exports)).toEqual(['import:50:process:1']);
    expect(await parked(exports)).toEqual([]);
    expect(await parked(imports)).toEqual(['import:3:process:1']);
  });

  it('a job queued without a tenant (before the lanes) holds no slot', async () => {
    const queue = newQueue();
    const legacy = await queue.add('process-import', { importId: 9 }, { jobId: 'import:9:process:1' });
    await expect(lanes.release(queue, legacy)).resolves.toBeUndefined();
    expect(await queue.client.smembers(queue.toKey('lanes'))).toEqual([]);
  });

  describe('stale slots never hold a tenant for ever', () => {
    it('a job finished without a release (the worker killed) frees its slot at the next reconcile', async () => {
      const queue = newQueue();
      for (let n = 1; n <= 4; n++) await lanes.add(queue, 7, spec(7, n));
      await finish(queue, 'import:1:process:1', 'completed');
      await finish(queue, 'import:2:process:1', 'failed');
      await lanes.reconcile(queue);
      expect(await waiting(queue)).toEqual(['import:3:process:1', 'import:4:process:1']);
      expect(await parked(queue)).toEqual([]);
    });

    it('a job removed from Redis frees its slot at once', async () => {
      const queue = newQueue();
      for (let n = 1; n <= 3; n++) await lanes.add(queue, 7, spec(7, n));
      await (await queue.getJob('import:1:process:1'))!.remove();
      await lanes.reconcile(queue);
      expect(await waiting(queue)).toEqual(['import:2:process:1', 'import:3:process:1']);
    });

    it('a slot admitted but never added (the producer died) counts during the grace, then is dropped', async () => {
      const queue = newQueue();
      const slots = queue.toKey('lane:7:slots');
      await queue.client.sadd(queue.toKey('lanes'), '7');
      await queue.client.zadd(slots, -Date.now(), 'import:1:process:1');
      await queue.client.zadd(slots, -(Date.now() - ADMIT_GRACE_MS - 1000), 'import:2:process:1');
      await lanes.add(queue, 7, spec(7, 3));
      await lanes.add(queue, 7, spec(7, 4));
      // The fresh slot may still get its job; the old one is gone, and its place is the next job's.
      expect(await waiting(queue)).toEqual(['import:3:process:1']);
      expect(await parked(queue)).toEqual(['import:4:process:1']);
      expect(await queue.client.zrange(slots, 0, -1)).toEqual(['import:1:process:1', 'import:3:process:1']);
    });

    it('an empty lane leaves no key behind', async () => {
      const queue = newQueue();
      await lanes.add(queue, 7, spec(7, 1));
      await lanes.release(queue, await finish(queue, 'import:1:process:1', 'completed'));
      expect(await queue.client.smembers(queue.toKey('lanes'))).toEqual([]);
      expect(await queue.client.exists(queue.toKey('lane:7:slots'), queue.toKey('lane:7:parked'))).toBe(0);
    });
  });
});
