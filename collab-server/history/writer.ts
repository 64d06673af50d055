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
   * Runs the lock and the insert as one simple query (DatabaseHandle.script,
   * Postgres): one implicit transaction, the insert's snapshot taken after
   * the lock. Without it, drizzle's `transaction` is used.
   */
  script?: (text: string) => Promise<Record<string, unknown>[]>;
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
  if (options.lock && options.script) {
    const rows = await options.script(
      `select pg_advisory_xact_lock(${HISTORY_APPEND_LOCK}); ${literalAppend(entries, positions)}`,
    );
    return rangesFrom(rows as { name: string; tail: number | string }[], counts);
  }
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
  const result = options.lock
    ? await db.transaction(async (tx) => {
        // Held to the end of the transaction; the insert starts after it, so
        // its snapshot sees every row committed by whoever held it before.
        await tx.execute(sql`select pg_advisory_xact_lock(${HISTORY_APPEND_LOCK})`);
        return tx.execute(insert);
      })
    : await db.execute(insert);
  return rangesFrom(rowsOf<{ name: string; tail: number | string }>(result), counts);
}

function rangesFrom(
  rows: { name: string; tail: number | string }[],
  counts: Map<string, number>,
): Map<string, SeqRange> {
  const ranges = new Map<string, SeqRange>();
  for (const row of rows) {
    const tail = Number(row.tail);
    ranges.set(row.name, { first: tail + 1, last: tail + (counts.get(row.name) ?? 0) });
  }
  return ranges;
}

/**
 * The same insert as `appendHistory`'s, with the values written as literals
 * (a simple query takes no parameters): strings quoted with '' doubled
 * (standard_conforming_strings, Postgres' default since 9.1), updates in hex.
 */
function literalAppend(entries: HistoryEntry[], positions: number[]): string {
  const text = (values: (string | null)[]) =>
    `array[${values.map((v) => (v === null ? 'null' : quote(v))).join(',')}]::text[]`;
  return `with batch as (
      select * from unnest(
        ${text(entries.map((e) => e.documentName))},
        array[${positions.join(',')}]::int[],
        ${text(entries.map((e) => e.at.toISOString()))},
        ${text(entries.map((e) => e.senderRole))},
        ${text(entries.map((e) => e.senderId))},
        ${text(entries.map((e) => (e.clientId === null ? null : String(e.clientId))))},
        ${text(entries.map((e) => e.origin))},
        ${text(entries.map((e) => hex(e.update)))}
      ) as b(document_name, position, at, sender_role, sender_id, client_id, origin, update_hex)
    ),
    tails as (
      select d.document_name,
        coalesce((select u.seq from yjs_updates u where u.document_name = d.document_name
                  order by u.seq desc limit 1), 0) as seq
      from (select distinct document_name from batch) d
    ),
    inserted as (
      insert into yjs_updates
        (document_name, seq, at, sender_role, sender_id, client_id, origin, update)
      select b.document_name, t.seq + b.position, b.at::timestamptz, b.sender_role,
        b.sender_id, b.client_id::bigint, b.origin, decode(b.update_hex, 'hex')
      from batch b join tails t using (document_name)
    )
    select document_name as name, seq as tail from tails`;
}

function quote(value: string): string {
  if (value.includes('\0')) throw new Error('history values cannot hold NUL characters');
  return `'${value.replaceAll("'", "''")}'`;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** `execute` returns `{ rows }` on PGlite and an array on postgres.js. */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
