import { desc, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Database } from '../../db/client.ts';
import { yjsUpdates } from '../../db/schema/index.ts';
import type { HistoryEntry } from './rows.ts';

/** How many of a document's latest rows relayed entries are checked against. */
export const RELAYED_WINDOW_ROWS = 1000;

/**
 * Drops relayed entries (updates another replica sent through Redis) whose
 * content the document's recent rows, or the entries kept before them, hold
 * already: a replica joining receives the others' state as one merged update,
 * whose bytes match no row, so the append's byte comparison cannot skip it.
 * What is left is content nobody logged (its replica died unflushed).
 * `tails` holds the seq each document's check read up to: the append writes
 * only if the tail is still there (AppendOptions.expectedTails), so another
 * replica's rows cannot land between the check and the insert.
 */
export async function dropLoggedRelays(
  db: Database,
  entries: HistoryEntry[],
): Promise<{ entries: HistoryEntry[]; tails: Map<string, number> }> {
  const kept: HistoryEntry[] = [];
  const tails = new Map<string, number>();
  for (const name of new Set(entries.map((entry) => entry.documentName))) {
    const own = entries.filter((entry) => entry.documentName === name);
    const hasRelayed = own.some((entry) => entry.origin === 'relayed');
    const rows = await db
      .select({ seq: yjsUpdates.seq, update: yjsUpdates.update, origin: yjsUpdates.origin })
      .from(yjsUpdates)
      .where(eq(yjsUpdates.documentName, name))
      .orderBy(desc(yjsUpdates.seq))
      .limit(hasRelayed ? RELAYED_WINDOW_ROWS : RELAYED_ROWS_CHECKED);
    tails.set(name, rows[0]?.seq ?? 0);
    let known = Y.mergeUpdates(rows.map((row) => row.update));
    // A merged relay written before its sender's own rows: those rows hold
    // nothing new. Byte-identical ones are left to the append, which gives
    // the relayed row their attribution.
    const relayedRows = rows.filter((row) => row.origin === 'relayed');
    const relayed = Y.mergeUpdates(relayedRows.map((row) => row.update));
    const sameBytes = new Set(relayedRows.map((row) => Buffer.from(row.update).toString('hex')));
    for (const entry of own) {
      if (entry.origin === 'relayed') {
        if (holdsUpdate(known, entry.update)) continue;
      } else if (
        relayedRows.length > 0 &&
        !sameBytes.has(Buffer.from(entry.update).toString('hex')) &&
        holdsUpdate(relayed, entry.update)
      ) {
        continue;
      }
      kept.push(entry);
      known = Y.mergeUpdates([known, entry.update]);
    }
  }
  // Entries keep their order across documents.
  const keep = new Set(kept);
  return { entries: entries.filter((entry) => keep.has(entry)), tails };
}

/** Without relayed entries, only the latest rows are read (for relayed rows among them). */
const RELAYED_ROWS_CHECKED = 200;

/** Whether `update`'s structs and deletions are all in `known`. */
export function holdsUpdate(known: Uint8Array, update: Uint8Array): boolean {
  const missing = Y.decodeUpdate(Y.diffUpdate(update, Y.encodeStateVectorFromUpdate(known)));
  if (missing.structs.some((struct) => struct.length > 0)) return false;
  const deleted = Y.decodeUpdate(known).ds.clients;
  for (const [client, items] of Y.decodeUpdate(update).ds.clients) {
    const have = deleted.get(client) ?? [];
    for (const item of items) {
      let clock = item.clock;
      const end = item.clock + item.len;
      for (const range of have) {
        if (range.clock <= clock && clock < range.clock + range.len) {
          clock = range.clock + range.len;
          if (clock >= end) break;
        }
      }
      if (clock < end) return false;
    }
  }
  return true;
}
