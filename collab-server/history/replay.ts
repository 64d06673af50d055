import { and, asc, desc, eq, gt, lte } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Database } from '../../db/client.ts';
import { yjsCheckpoints, yjsUpdates } from '../../db/schema/index.ts';

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
  // One outer transaction: Yjs cleans up once instead of once per update.
  doc.transact(() => {
    if (checkpoint) Y.applyUpdate(doc, checkpoint.state);
    for (const row of updates) Y.applyUpdate(doc, row.update);
  });
  return { doc, seq: updates.at(-1)?.seq ?? from };
}
