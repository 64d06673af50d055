import { type Database, postgresClientOf } from './client.ts';

/**
 * The first key of background jobs' advisory locks: 0x6a6f6273 is "jobs".
 * Two-key locks never collide with the migration lock's one-key form.
 */
const JOB_LOCK_CLASS = 0x6a6f6273;

/**
 * Runs `task` unless another process runs the same job now, and says whether
 * it ran (decision 024). Every app replica starts the deadline watcher (and
 * any other background job); a Postgres session-level advisory lock on a
 * reserved connection lets one pass run at a time across replicas, and a
 * replica that dies mid-pass (kill -9) releases it with its connection. The
 * work itself stays idempotent (the submission claim is atomic): the lock
 * keeps replicas from doing it twice, not from corrupting it. On PGlite (one
 * process) the task just runs.
 */
export async function runExclusively(
  db: Database,
  job: string,
  task: () => Promise<void>,
): Promise<boolean> {
  const client = postgresClientOf(db);
  if (!client) {
    await task();
    return true;
  }
  const connection = await client.reserve();
  try {
    const [row] = await connection<{ locked: boolean }[]>`
      select pg_try_advisory_lock(${JOB_LOCK_CLASS}, hashtext(${job})) as locked`;
    if (!row?.locked) return false;
    try {
      await task();
      return true;
    } finally {
      await connection`select pg_advisory_unlock(${JOB_LOCK_CLASS}, hashtext(${job}))`.catch(
        () => {},
      );
    }
  } finally {
    connection.release();
  }
}
