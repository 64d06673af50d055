import { and, asc, eq, gt, notInArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { sessionEvents } from '../../db/schema/index.ts';
import type { SessionEventRecord, SessionEventType } from '../../protocol/events.ts';

/** The terminal reaches observers through its own read-only mirror, not this feed. */
const NOT_IN_FEED = ['terminal_input', 'terminal_output', 'terminal_resize'];

/** Session events after `afterSeq`, oldest first, for the observers' live feed. */
export async function eventsAfter(
  db: Database,
  sessionId: string,
  afterSeq: number,
  limit = 200,
): Promise<SessionEventRecord[]> {
  const rows = await db
    .select()
    .from(sessionEvents)
    .where(
      and(
        eq(sessionEvents.sessionId, sessionId),
        gt(sessionEvents.seq, afterSeq),
        notInArray(sessionEvents.type, NOT_IN_FEED),
      ),
    )
    .orderBy(asc(sessionEvents.seq))
    .limit(limit);
  return rows.map((row) => ({
    seq: row.seq,
    at: row.at.getTime(),
    type: row.type as SessionEventType,
    source: row.source === 'client' ? 'client' : 'server',
    data: row.data,
  }));
}
