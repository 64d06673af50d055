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
export const HISTORY_APPEND_LOCK = 0x74616e64656d;

export interface AppendOptions {
  /**
   * Take the cross-instance lock. Needed on Postgres, where several
   * instances (or connections) may append at once; PGlite has one
   * connection, on which the single insert statement is already atomic, and
   * the transaction around it would only add round trips into the engine.
   */
  lock: boolean;
  /**
   * How to run the locked transaction: `DatabaseHandle.inTransaction` on
   * Postgres (postgres.js' own `begin()` can end the process when the
   * connection dies inside it); drizzle's `transaction` when absent.
   */
  inTransaction?: <T>(work: (db: Database) => Promise<T>) => Promise<T>;
}

/** Rows per append; the caller splits larger batches. */
export const MAX_ROWS_PER_INSERT = 5000;

/**
 * Appends entries (in order) with the next seq numbers of their documents,
 * in one transaction: the lock, then one `insert … select` that reads each
 * document's tail (an index probe, not a scan) and numbers the rows. The
 * rows travel as seven array parameters (`unnest`), so the statement's size
 * and the cost of building it do not grow with a parameter per value.
 * Returns the seq range each document received.
 */
export async function appendHistory(
  db: Database,
  entries: HistoryEntry[],
  options: AppendOptions = { lock: true },
): Promise<Map<string, SeqRange>> {
  if (entries.length > MAX_ROWS_PER_INSERT) {
    throw new Error(`appendHistory takes at most ${MAX_ROWS_PER_INSERT} entries per call.`);
  }
  const ranges = new Map<string, SeqRange>();
  if (entries.length === 0) return ranges;
  // Each entry's position within its document's part of the batch: seq is
  // then the document's tail plus that, with no sorting in the database.
  const counts = new Map<string, number>();
  const positions = entries.map((entry) => {
    const position = (counts.get(entry.documentName) ?? 0) + 1;
    counts.set(entry.documentName, position);
    return position;
  });
  const column = <T>(values: T[]) => sql.param(values);
  const insert = sql`
      with batch as (
        select * from unnest(
          ${column(entries.map((e) => e.documentName))}::text[],
          ${column(positions)}::int[],
          ${column(entries.map((e) => e.at.toISOString()))}::text[],
          ${column(entries.map((e) => e.senderRole))}::text[],
          ${column(entries.map((e) => e.senderId))}::text[],
          ${column(entries.map((e) => (e.clientId === null ? null : String(e.clientId))))}::text[],
          ${column(entries.map((e) => e.origin))}::text[],
          ${column(entries.map((e) => hex(e.update)))}::text[]
        ) as b(document_name, position, at, sender_role, sender_id, client_id, origin, update_hex)
      ),
      tails as (
        select d.document_name,
          coalesce((select u.seq from ${yjsUpdates} u where u.document_name = d.document_name
                    order by u.seq desc limit 1), 0) as seq
        from (select distinct document_name from batch) d
      ),
      inserted as (
        insert into ${yjsUpdates}
          (document_name, seq, at, sender_role, sender_id, client_id, origin, update)
        select b.document_name, t.seq + b.position, b.at::timestamptz, b.sender_role,
          b.sender_id, b.client_id::bigint, b.origin, decode(b.update_hex, 'hex')
        from batch b join tails t using (document_name)
      )
      select document_name as name, seq as tail from tails`;
  // A data-modifying WITH runs to completion whether or not it is read.
  const transact = options.inTransaction ?? ((work) => db.transaction((tx) => work(tx)));
  const result = options.lock
    ? await transact(async (tx) => {
        // Held to the end of the transaction; the insert starts after it, so
        // its snapshot sees every row committed by whoever held it before.
        await tx.execute(sql`select pg_advisory_xact_lock(${HISTORY_APPEND_LOCK})`);
        return tx.execute(insert);
      })
    : await db.execute(insert);
  for (const row of rowsOf<{ name: string; tail: number | string }>(result)) {
    const tail = Number(row.tail);
    ranges.set(row.name, { first: tail + 1, last: tail + (counts.get(row.name) ?? 0) });
  }
  return ranges;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** `execute` returns `{ rows }` on PGlite and an array on postgres.js. */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
