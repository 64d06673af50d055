import { and, asc, desc, eq, gt } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Database } from '../client.ts';
import { yjsCheckpoints, yjsDocuments, yjsUpdates } from '../schema/index.ts';

/**
 * The current state of a document as the database holds it: the stored full
 * state merged with the history log (its latest checkpoint and every update
 * after it). The stored state is written at most every 60 s and lags the log
 * after a crash; the log is what was acknowledged to clients (decision 016),
 * so every reader that does not go through the collab-server uses this.
 * Null when neither holds anything.
 */
export async function loadDocumentState(
  db: Database,
  documentName: string,
): Promise<Uint8Array | null> {
  const [stored, checkpoint] = await Promise.all([
    db
      .select({ state: yjsDocuments.state })
      .from(yjsDocuments)
      .where(eq(yjsDocuments.name, documentName)),
    db
      .select({ seq: yjsCheckpoints.seq, state: yjsCheckpoints.state })
      .from(yjsCheckpoints)
      .where(eq(yjsCheckpoints.documentName, documentName))
      .orderBy(desc(yjsCheckpoints.seq))
      .limit(1),
  ]);
  const from = checkpoint[0]?.seq ?? 0;
  const updates = await db
    .select({ update: yjsUpdates.update })
    .from(yjsUpdates)
    .where(and(eq(yjsUpdates.documentName, documentName), gt(yjsUpdates.seq, from)))
    .orderBy(asc(yjsUpdates.seq));
  const storedState = stored[0]?.state;
  if (!storedState && !checkpoint[0] && updates.length === 0) return null;
  const doc = new Y.Doc();
  try {
    // One transaction: Yjs cleans up once instead of once per update.
    doc.transact(() => {
      if (storedState) Y.applyUpdate(doc, storedState);
      if (checkpoint[0]) Y.applyUpdate(doc, checkpoint[0].state);
      for (const row of updates) Y.applyUpdate(doc, row.update);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
