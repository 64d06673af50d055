import * as Y from 'yjs';
import type { Database } from '../../db/client.ts';
import { replayHistory } from './replay.ts';

export interface Reconciliation {
  /** Content the stored state had and the log lacked: append it as `recovered`. */
  missingFromLog: Uint8Array | null;
  /** Whether the log had content the stored state lacked (now applied to the document). */
  restoredFromLog: boolean;
}

/**
 * Makes a freshly loaded document and its history log agree.
 *
 * The log is flushed before each store, so normally the stored state is a
 * subset of the log; after a crash the log may be ahead (its batch was
 * written, the debounced store was not): that content is applied to the
 * document here. The other way round — the state has changes the log lacks
 * (a log write lost between applying and storing, or state written by an
 * older server) — is returned so the caller appends it with origin
 * `recovered`, and replaying the log gives the document again.
 * `applyOrigin` marks the transaction so the history log does not record it.
 */
export async function reconcileWithLog(
  db: Database,
  document: Y.Doc,
  documentName: string,
  applyOrigin: unknown,
): Promise<Reconciliation> {
  const logged = await replayHistory(db, documentName);
  if (!logged) {
    const hasContent = document.store.clients.size > 0;
    return {
      missingFromLog: hasContent ? Y.encodeStateAsUpdate(document) : null,
      restoredFromLog: false,
    };
  }
  try {
    const loggedSnapshot = Y.snapshot(logged.doc);
    // The usual case: state and log hold the same inserts and deletes.
    // Comparing snapshots walks the structs without encoding any content;
    // the checks below encode the whole document (hundreds of ms for a few
    // MB, on the thread every session shares), so they run only when needed.
    if (Y.equalSnapshots(loggedSnapshot, Y.snapshot(document))) {
      return { missingFromLog: null, restoredFromLog: false };
    }
    const restoredFromLog = !Y.snapshotContainsUpdate(
      Y.snapshot(document),
      Y.encodeStateAsUpdate(logged.doc),
    );
    if (restoredFromLog) {
      Y.applyUpdate(
        document,
        Y.encodeStateAsUpdate(logged.doc, Y.encodeStateVector(document)),
        applyOrigin,
      );
    }
    const complete = Y.snapshotContainsUpdate(loggedSnapshot, Y.encodeStateAsUpdate(document));
    return {
      missingFromLog: complete
        ? null
        : Y.encodeStateAsUpdate(document, Y.encodeStateVector(logged.doc)),
      restoredFromLog,
    };
  } finally {
    logged.doc.destroy();
  }
}
