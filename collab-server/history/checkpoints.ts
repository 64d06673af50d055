import * as Y from 'yjs';
import type { Database } from '../../db/client.ts';
import { yjsCheckpoints } from '../../db/schema/index.ts';
import { nextTurn } from '../next-turn.ts';
import { replayHistory } from './replay.ts';

/**
 * Writes the full state after update `seq` of a document, built from the log
 * itself (previous checkpoint + the updates since) by encoding a Y.Doc —
 * never with Y.mergeUpdates, which is superlinear in the number of updates.
 * Built from the log rather than the live document, it holds exactly the
 * updates up to `seq`, also when other instances log the same document.
 */
export async function writeCheckpoint(
  db: Database,
  documentName: string,
  seq: number,
): Promise<boolean> {
  const state = await replayHistory(db, documentName, { upToSeq: seq });
  if (!state || state.seq !== seq) return false;
  const bytes = Y.encodeStateAsUpdate(state.doc);
  state.doc.destroy();
  // Reading, rebuilding and writing are each a pause for every connection on
  // PGlite: let the server answer messages in between.
  await nextTurn();
  await db
    .insert(yjsCheckpoints)
    .values({ documentName, seq, at: new Date(), state: bytes })
    .onConflictDoNothing();
  return true;
}

/** Multiples of `every` in (first - 1, last]: where a batch crossed a checkpoint. */
export function checkpointsCrossed(first: number, last: number, every: number): number[] {
  const seqs: number[] = [];
  for (let seq = Math.ceil(first / every) * every; seq <= last; seq += every) seqs.push(seq);
  return seqs;
}
