import { inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { interviewSessions } from '../../db/schema/index.ts';
import type { ArchiveStore } from './archive-store.ts';

export interface RetentionResult {
  deleted: string[];
  kept: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes archives stored more than `retentionDays` before `now`, and only
 * those; sessions that pointed at a deleted archive lose their archive key
 * (archived_at stays: the session was archived, the archive has expired).
 */
export async function deleteExpiredArchives(options: {
  store: ArchiveStore;
  retentionDays: number;
  now?: Date;
  db?: Database;
}): Promise<RetentionResult> {
  const cutoff = (options.now ?? new Date()).getTime() - options.retentionDays * DAY_MS;
  const deleted: string[] = [];
  let kept = 0;
  for await (const object of options.store.list()) {
    if (object.storedAt.getTime() < cutoff) {
      await options.store.delete(object.key);
      deleted.push(object.key);
    } else {
      kept += 1;
    }
  }
  if (options.db && deleted.length > 0) {
    await options.db
      .update(interviewSessions)
      .set({ archiveKey: null, archiveBytes: null })
      .where(inArray(interviewSessions.archiveKey, deleted));
  }
  return { deleted, kept };
}
