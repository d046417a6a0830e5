import { mkdir, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SUBDIRECTORY = 'cmu-scratch';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * A process's local directory for work in progress: `<SCRATCH_DIR>/cmu-scratch/<pid>`. What a process left there
 * (killed, or a job that failed half-way) is deleted by the next process to start with the same SCRATCH_DIR, once
 * that pid is gone; replicas sharing a SCRATCH_DIR keep out of each other's.
 */
export class ScratchDir {
  readonly path: string;
  private readonly parent: string;

  constructor(scratchDir: string | undefined) {
    this.parent = join(scratchDir || tmpdir(), SUBDIRECTORY);
    this.path = join(this.parent, String(process.pid));
  }

  /** Deletes what dead processes left, and empties this process's own directory. Answers the directories deleted. */
  async clean(): Promise<string[]> {
    const names = await readdir(this.parent).catch(() => [] as string[]);
    const deleted: string[] = [];
    for (const name of names) {
      const pid = Number(name);
      if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) continue;
      await rm(join(this.parent, name), { recursive: true, force: true });
      deleted.push(name);
    }
    await mkdir(this.path, { recursive: true });
    return deleted;
  }
}
