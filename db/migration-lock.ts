import type { Sql } from 'postgres';

/**
 * The advisory lock key every Tandem process takes before migrating:
 * 0x74616e64 is "tand". Session-level, so a process that dies while holding
 * it (kill -9) releases it with its connection.
 */
export const MIGRATION_LOCK_KEY = 0x74616e64;

/**
 * Runs `migrate` while holding the migration advisory lock on a reserved
 * connection. The app, each collab-server replica and the bridge all migrate
 * at start; on an empty database without this lock they raced to create the
 * same tables and all but one failed ("relation already exists"). Now the
 * first migrates, and each of the others waits, then finds nothing to do.
 */
export async function withMigrationLock<T>(client: Sql, migrate: () => Promise<T>): Promise<T> {
  const connection = await client.reserve();
  try {
    await connection`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      return await migrate();
    } finally {
      await connection`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    connection.release();
  }
}
