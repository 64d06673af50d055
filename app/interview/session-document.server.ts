import * as Y from 'yjs';
import type { Database } from '../../db/client.ts';
import { loadDocumentState } from '../../db/history/document-state.ts';
import { yjsDocuments, yjsUpdates } from '../../db/schema/index.ts';
import { SESSION_DOC, sessionDocumentName } from '../../protocol/documents.ts';
import { normalizeWorkspacePath } from '../../protocol/paths.ts';
import type { ProblemFile } from '../../protocol/problems.ts';

/**
 * The first state of a session document: the problem's files and the folders
 * locked from the start (a problem's previous/, decision 023), one transaction.
 */
export function buildInitialDocument(
  files: ProblemFile[],
  meta: Record<string, string>,
  locks: string[] = [],
): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    const map = doc.getMap<Y.Text>(SESSION_DOC.files);
    for (const file of files) map.set(normalizeWorkspacePath(file.path), new Y.Text(file.content));
    const metaMap = doc.getMap<string>(SESSION_DOC.meta);
    for (const [key, value] of Object.entries(meta)) metaMap.set(key, value);
    const locked = doc.getMap<boolean>(SESSION_DOC.locked);
    for (const folder of locks) locked.set(folder, true);
  }, 'seed');
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/**
 * Stores the initial document before anyone connects: the full state for the
 * collab-server to load, and the same bytes as update 1 of the history log
 * (origin 'seed'), so replay starts from the starter files. Does nothing when
 * the document already exists (a resumed or concurrently started session).
 */
export async function seedSessionDocument(
  db: Database,
  sessionId: string,
  files: ProblemFile[],
  meta: Record<string, string>,
  locks: string[] = [],
): Promise<boolean> {
  const name = sessionDocumentName(sessionId);
  const state = buildInitialDocument(files, meta, locks);
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(yjsDocuments)
      .values({ name, state, sizeBytes: state.byteLength })
      .onConflictDoNothing()
      .returning({ name: yjsDocuments.name });
    if (inserted.length === 0) return false;
    await tx.insert(yjsUpdates).values({
      documentName: name,
      seq: 1,
      at: new Date(),
      senderRole: 'service',
      senderId: 'app',
      origin: 'seed',
      update: state,
    });
    return true;
  });
}

/** Paths of the files in a stored session document (for the initialize response). */
export async function storedDocumentPaths(db: Database, sessionId: string): Promise<string[]> {
  // With the log: the stored state lags it after a crash.
  const state = await loadDocumentState(db, sessionDocumentName(sessionId));
  if (!state) return [];
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const paths = [...doc.getMap(SESSION_DOC.files).keys()].sort();
  doc.destroy();
  return paths;
}
