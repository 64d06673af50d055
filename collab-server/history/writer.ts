import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { yjsUpdates } from '../../db/schema/index.ts';
import type { HistoryEntry, SeqRange } from './rows.ts';

/**
 * Serializes appends across every collab-server instance sharing the
 * database, so seq numbers stay gapless and unique per document even when
 * several instances log edits of one document (Redis mode). Held for one
 * short transaction per batch.
 */
const HISTORY_APPEND_LOCK = 0x74616e64656d;

/** Postgres allows 65,535 parameters per statement; a row takes 8. */
export const MAX_ROWS_PER_INSERT = 4000;

/**
 * Appends entries (in order) with the next seq numbers of their documents:
 * one transaction, one query for the current tails, one multi-row insert.
 * Returns the seq range each document received.
 */
export async function appendHistory(
  db: Database,
  entries: HistoryEntry[],
): Promise<Map<string, SeqRange>> {
  if (entries.length > MAX_ROWS_PER_INSERT) {
    throw new Error(`appendHistory takes at most ${MAX_ROWS_PER_INSERT} entries per call.`);
  }
  const ranges = new Map<string, SeqRange>();
  if (entries.length === 0) return ranges;
  const names = [...new Set(entries.map((entry) => entry.documentName))];
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${HISTORY_APPEND_LOCK})`);
    // One index probe per document (a max() over a group would scan each
    // document's whole log).
    const tails = rowsOf<{ name: string; seq: number | null }>(
      await tx.execute(sql`
        select d.name as name,
          (select u.seq from ${yjsUpdates} u where u.document_name = d.name
           order by u.seq desc limit 1) as seq
        from (values ${sql.join(
          names.map((name) => sql`(${name})`),
          sql`, `,
        )}) as d(name)`),
    );
    const next = new Map(tails.map((tail) => [tail.name, Number(tail.seq ?? 0)]));
    const rows = entries.map((entry) => {
      const seq = (next.get(entry.documentName) ?? 0) + 1;
      next.set(entry.documentName, seq);
      const range = ranges.get(entry.documentName);
      if (range) range.last = seq;
      else ranges.set(entry.documentName, { first: seq, last: seq });
      return {
        documentName: entry.documentName,
        seq,
        at: entry.at,
        senderRole: entry.senderRole,
        senderId: entry.senderId,
        clientId: entry.clientId,
        origin: entry.origin,
        update: entry.update,
      };
    });
    await tx.insert(yjsUpdates).values(rows);
  });
  return ranges;
}

/** `execute` returns `{ rows }` on PGlite and an array on postgres.js. */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
