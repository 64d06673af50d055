import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
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
  /**
   * Runs a prepared statement (DatabaseHandle.prepared, Postgres). With the
   * lock, and neither `dedupe` nor `expectedTails`, the append is one call of
   * `tandem_append_history` (migration 0012): the same lock and insert,
   * planned once per connection instead of a literal query parsed and
   * planned per flush (decision 020).
   */
  prepared?: (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;
  /**
   * Per document, the seq of the tail the entries were checked against
   * (history/relayed.ts): a document whose tail has moved since is left
   * unwritten and named in `stale`, so the check is made again. Compared
   * under the lock, in the statement that inserts: what the check read is
   * what the insert appends to (decision 020).
   */
  expectedTails?: ReadonlyMap<string, number>;
  /**
   * Compare each entry with the document's latest rows and skip those already
   * logged (default). Needed when the same update may arrive twice: from
   * another replica, or in a batch retried after a commit whose outcome was
   * unknown. A first attempt on a single server skips the comparison: it cost
   * a scan of up to DUPLICATE_WINDOW_ROWS rows per keystroke (decision 020).
   */
  dedupe?: boolean;
}

/** What one append did: the seq range each document received, and the documents left out as stale. */
export interface AppendResult {
  ranges: Map<string, SeqRange>;
  stale: Set<string>;
}

/** Rows per append; the caller splits larger batches. */
export const MAX_ROWS_PER_INSERT = 5000;

/**
 * Appends entries (in order) with the next seq numbers of their documents,
 * in one transaction: the lock, then one `insert … select` that reads each
 * document's tail (an index probe, not a scan) and numbers the rows. The
 * rows travel as seven array parameters (`unnest`), so the statement's size
 * and the cost of building it do not grow with a parameter per value.
 * Returns the seq range each document received (and those left out, see
 * `expectedTails`).
 */
export async function appendHistory(
  db: Database,
  entries: HistoryEntry[],
  options: AppendOptions = { lock: true },
): Promise<AppendResult> {
  if (entries.length > MAX_ROWS_PER_INSERT) {
    throw new Error(`appendHistory takes at most ${MAX_ROWS_PER_INSERT} entries per call.`);
  }
  if (entries.length === 0) return { ranges: new Map(), stale: new Set() };
  // Each entry's position within its document's part of the batch: seq is
  // then the document's tail plus that, with no sorting in the database.
  const counts = new Map<string, number>();
  const positions = entries.map((entry) => {
    const position = (counts.get(entry.documentName) ?? 0) + 1;
    counts.set(entry.documentName, position);
    return position;
  });
  const expected = entries.map((e) => options.expectedTails?.get(e.documentName) ?? null);
  const column = <T>(values: T[]) => sql.param(values);
  const dedupe = options.dedupe ?? true;
  if (options.lock && options.prepared && !dedupe && !options.expectedTails) {
    const rows = await options.prepared(APPEND_CALL, [
      HISTORY_APPEND_LOCK,
      entries.map((e) => e.documentName),
      positions,
      entries.map((e) => e.at.toISOString()),
      entries.map((e) => e.senderRole),
      entries.map((e) => e.senderId),
      entries.map((e) => (e.clientId === null ? null : String(e.clientId))),
      entries.map((e) => e.origin),
      entries.map((e) => hex(e.update)),
    ]);
    return resultFrom(rows as unknown as AppendRow[], counts);
  }
  if (options.lock && options.script) {
    const rows = await options.script(
      `select pg_advisory_xact_lock(${HISTORY_APPEND_LOCK}); ${literalAppend(entries, positions, expected, dedupe)}`,
    );
    return resultFrom(rows as unknown as AppendRow[], counts);
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
          ${column(entries.map((e) => hex(e.update)))}::text[],
          ${column(expected)}::int[]
        ) as b(document_name, position, at, sender_role, sender_id, client_id, origin, update_hex,
          expected_tail)
      ),
      ${sql.raw(appendTail(dedupe))}`;
  // A data-modifying WITH runs to completion whether or not it is read.
  const result = options.lock
    ? await db.transaction(async (tx) => {
        // Held to the end of the transaction; the insert starts after it, so
        // its snapshot sees every row committed by whoever held it before.
        await tx.execute(sql`select pg_advisory_xact_lock(${HISTORY_APPEND_LOCK})`);
        return tx.execute(insert);
      })
    : await db.execute(insert);
  return resultFrom(rowsOf<AppendRow>(result), counts);
}

/** The single-server append (migration 0012); `tail` is each document's seq before it. */
const APPEND_CALL = `select name, tail from tandem_append_history($1::bigint, $2::text[],
  $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`;

/** How many of a document's latest rows an entry is compared with before it is inserted. */
export const DUPLICATE_WINDOW_ROWS = 1000;

/**
 * After `batch` (the entries with their position per document): every
 * replica logs what it applies, its own clients' updates and those relayed
 * through Redis (origin `relayed`), so a replica dying unflushed leaves no
 * hole; an entry whose bytes one of the document's last
 * DUPLICATE_WINDOW_ROWS rows already holds (the same Yjs update, logged by
 * another replica or by a retried batch whose commit was unknown) is
 * skipped, the others numbered gaplessly after the tail. A `relayed` row
 * takes the sender's attribution when the replica that knows it writes
 * later. Times never go back: a row is at least as late as the tail. A
 * document whose tail is not the `expected_tail` its entries were checked
 * against gets nothing (`stale`).
 */
function appendTail(dedupe: boolean): string {
  return `tails as (
      select d.document_name,
        coalesce((select u.seq from yjs_updates u where u.document_name = d.document_name
                  order by u.seq desc limit 1), 0) as seq,
        (select u.at from yjs_updates u where u.document_name = d.document_name
                  order by u.seq desc limit 1) as at
      from (select distinct document_name from batch) d
    ),
    unmoved as (
      select t.* from tails t
      where not exists (select 1 from batch b where b.document_name = t.document_name
                        and b.expected_tail is not null and b.expected_tail <> t.seq)
    ),
    fresh as (
      select b.*, row_number() over (partition by b.document_name order by b.position) as n
      from batch b join unmoved t using (document_name)
      ${dedupe ? DUPLICATES_LEFT_OUT : ''}
    ),
    ${dedupe ? CLAIMED : ''}
    inserted as (
      insert into yjs_updates
        (document_name, seq, at, sender_role, sender_id, client_id, origin, update)
      select f.document_name, t.seq + f.n,
        greatest(f.at::timestamptz, coalesce(t.at, f.at::timestamptz)), f.sender_role,
        f.sender_id, f.client_id::bigint, f.origin, decode(f.update_hex, 'hex')
      from fresh f join unmoved t using (document_name)
    )
    select t.document_name as name, t.seq as tail,
      (select count(*) from fresh f where f.document_name = t.document_name) as added,
      not exists (select 1 from unmoved c where c.document_name = t.document_name) as stale
    from tails t`;
}

/** Entries whose bytes one of the document's latest rows holds are left out. */
const DUPLICATES_LEFT_OUT = `where not exists (
        select 1 from yjs_updates u
        where u.document_name = b.document_name and u.seq > t.seq - ${DUPLICATE_WINDOW_ROWS}
          and u.update = decode(b.update_hex, 'hex'))`;

/** A `relayed` row takes the attribution of the sender's own entry with the same bytes. */
const CLAIMED = `claimed as (
      update yjs_updates u set sender_role = b.sender_role, sender_id = b.sender_id,
        client_id = b.client_id::bigint, origin = b.origin
      from batch b join unmoved t using (document_name)
      where b.origin <> 'relayed' and u.document_name = b.document_name
        and u.seq > t.seq - ${DUPLICATE_WINDOW_ROWS} and u.origin = 'relayed'
        and u.update = decode(b.update_hex, 'hex')
    ),`;

interface AppendRow {
  name: string;
  tail: number | string;
  added?: number | string;
  stale?: boolean | string;
}

function resultFrom(rows: AppendRow[], counts: Map<string, number>): AppendResult {
  const ranges = new Map<string, SeqRange>();
  const stale = new Set<string>();
  for (const row of rows) {
    // A simple query's booleans arrive as 't'/'f' on some clients.
    if (row.stale === true || row.stale === 't') {
      stale.add(row.name);
      continue;
    }
    const tail = Number(row.tail);
    const added = row.added === undefined ? (counts.get(row.name) ?? 0) : Number(row.added);
    if (added > 0) ranges.set(row.name, { first: tail + 1, last: tail + added });
  }
  return { ranges, stale };
}

/**
 * The same insert as `appendHistory`'s, with the values written as literals
 * (a simple query takes no parameters): strings quoted with '' doubled
 * (standard_conforming_strings, Postgres' default since 9.1), updates in hex.
 */
function literalAppend(
  entries: HistoryEntry[],
  positions: number[],
  expected: (number | null)[],
  dedupe: boolean,
): string {
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
        ${text(entries.map((e) => hex(e.update)))},
        array[${expected.map((tail) => (tail === null ? 'null' : String(Math.trunc(tail)))).join(',')}]::int[]
      ) as b(document_name, position, at, sender_role, sender_id, client_id, origin, update_hex,
        expected_tail)
    ),
    ${appendTail(dedupe)}`;
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
