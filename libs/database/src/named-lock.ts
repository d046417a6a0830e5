import type { DataSource } from 'typeorm';

/** What `withNamedLock` answers: the work's value, or that another holder had the lock. */
export type Locked<T> = { locked: true; value: T } | { locked: false };

/**
 * A MySQL named lock, one per database (two test databases or environments on one server never meet) whatever the
 * process: hashed, so that a long database name stays within MySQL's 64 characters.
 */
const LOCK = `SHA1(CONCAT('cmu:', DATABASE(), ':', ?))`;

/**
 * Runs `work` while holding the named lock `name` on a connection of its own, so that one replica at a time does it
 * (a scheduler, a sweep, one e-mail). Another holder: answers `{ locked: false }` at once, or after waiting up to
 * `waitSeconds`. A process that dies loses its connection and with it the lock: it is never left held.
 */
export async function withNamedLock<T>(
  dataSource: DataSource,
  name: string,
  waitSeconds: number,
  work: () => Promise<T>,
): Promise<Locked<T>> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }] = await runner.query(`SELECT GET_LOCK(${LOCK}, ?) AS locked`, [name, waitSeconds]);
    if (Number(locked) !== 1) return { locked: false };
    try {
      return { locked: true, value: await work() };
    } finally {
      await runner.query(`SELECT RELEASE_LOCK(${LOCK})`, [name]).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}
