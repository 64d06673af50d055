import { and, asc, desc, eq, gt, lte } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Database } from '../../db/client.ts';
import { yjsCheckpoints, yjsUpdates } from '../../db/schema/index.ts';
import { nextTurn } from '../next-turn.ts';

export interface LoggedState {
  doc: Y.Doc;
  /** The last seq applied. */
  seq: number;
}

export interface ReplayOptions {
  /** Stop after this seq (default: the end of the log). */
  upToSeq?: number;
  /** Start from the nearest checkpoint (default) or from update 1. */
  useCheckpoints?: boolean;
}

/**
 * Rebuilds a document from the history log: the nearest checkpoint at or
 * before `upToSeq`, then the updates after it in seq order. Null when the log
 * holds nothing for the document.
 */
export async function replayHistory(
  db: Database,
  documentName: string,
  options: ReplayOptions = {},
): Promise<LoggedState | null> {
  const upTo = options.upToSeq ?? 2_147_483_647;
  const [checkpoint] =
    options.useCheckpoints === false
      ? []
      : await db
          .select({ seq: yjsCheckpoints.seq, state: yjsCheckpoints.state })
          .from(yjsCheckpoints)
          .where(and(eq(yjsCheckpoints.documentName, documentName), lte(yjsCheckpoints.seq, upTo)))
          .orderBy(desc(yjsCheckpoints.seq))
          .limit(1);
  const from = checkpoint?.seq ?? 0;
  const updates = await db
    .select({ seq: yjsUpdates.seq, update: yjsUpdates.update })
    .from(yjsUpdates)
    .where(
      and(
        eq(yjsUpdates.documentName, documentName),
        gt(yjsUpdates.seq, from),
        lte(yjsUpdates.seq, upTo),
      ),
    )
    .orderBy(asc(yjsUpdates.seq));
  if (!checkpoint && updates.length === 0) return null;
  const doc = new Y.Doc();
  if (checkpoint) Y.applyUpdate(doc, checkpoint.state);
  // Batches in one transaction each (Yjs cleans up once per batch, not once
  // per update), with a turn of the event loop between them: a log of many
  // MB must not hold up every other session for the whole replay.
  for (let start = 0; start < updates.length; ) {
    let bytes = 0;
    let end = start;
    while (end < updates.length && (end === start || bytes < BATCH_BYTES)) {
      bytes += updates[end]!.update.byteLength;
      end += 1;
    }
    doc.transact(() => {
      for (let i = start; i < end; i++) Y.applyUpdate(doc, updates[i]!.update);
    });
    start = end;
    if (start < updates.length) await nextTurn();
  }
  return { doc, seq: updates.at(-1)?.seq ?? from };
}

/** Bytes of logged updates applied between two turns of the event loop. */
const BATCH_BYTES = 256 * 1024;
