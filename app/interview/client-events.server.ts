import type { Database } from '../../db/client.ts';
import { sessionEvents } from '../../db/schema/index.ts';
import type { ClientEvent } from '../../protocol/events.ts';

/** How far a corrected client timestamp may be from the server's receive time. */
const MAX_AGE_MS = 15 * 60_000;
const MAX_FUTURE_MS = 5_000;

/**
 * Stores a validated batch in one statement (all or nothing). Timestamps are
 * shifted by the browser's clock offset (server receive time − `sentAt`) and
 * clamped to a sane window, so a wrong client clock cannot reorder history.
 */
export async function storeClientEvents(
  db: Database,
  sessionId: string,
  events: ClientEvent[],
  sentAt: number | undefined,
  receivedAt = Date.now(),
): Promise<number> {
  const offset = sentAt ? receivedAt - sentAt : 0;
  const rows = events.map((event) => {
    const corrected = event.timestamp + offset;
    const at = Math.min(receivedAt + MAX_FUTURE_MS, Math.max(receivedAt - MAX_AGE_MS, corrected));
    return {
      sessionId,
      at: new Date(at),
      type: event.type,
      source: 'client',
      data: event.data as Record<string, unknown>,
    };
  });
  await db.insert(sessionEvents).values(rows);
  return rows.length;
}
