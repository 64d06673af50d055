import * as Y from 'yjs';
import { SESSION_DOC } from '../../protocol/documents.ts';

/** The value of a `files` key the update removed. */
export const REMOVED: unique symbol = Symbol('removed');

/** What an update did to a copy of a session document. */
export interface CopyEffect {
  /** `files` keys the update set or removed: the value they hold afterwards, or REMOVED. */
  files: Map<string, unknown>;
  /** `folders` keys the update set (removed ones are left out). */
  folders: string[];
  /** Files before and after. */
  fileCountBefore: number;
  fileCountAfter: number;
  /** The longest Y.Text the update wrote into (characters), 0 when none. */
  longestTextWritten: number;
}

/**
 * Applies the update to a copy of the document, pending structs included, and
 * reads what changed: the keys of `files` and `folders` whose value changed
 * and every text written. This is what Yjs itself will do to the document,
 * whatever order or form the structs came in, so nothing hidden in how the
 * update is encoded escapes it. It costs time in proportion to the document,
 * which is why typing goes through text-only-update.ts instead.
 */
export function applyToCopy(doc: Y.Doc, update: Uint8Array): CopyEffect {
  const copy = new Y.Doc({ gc: doc.gc });
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    // Structs Yjs is holding back until what they need arrives: the update
    // may be the piece that completes them, so the copy must hold them too.
    const pending = doc.store.pendingStructs;
    if (pending) Y.applyUpdate(copy, pending.update);
    if (doc.store.pendingDs) Y.applyUpdate(copy, doc.store.pendingDs);
    const files = copy.getMap<unknown>(SESSION_DOC.files);
    const folders = copy.getMap<unknown>(SESSION_DOC.folders);
    const fileCountBefore = files.size;
    const changedFiles = new Set<string>();
    const changedFolders = new Set<string>();
    const texts = new Set<Y.Text>();
    copy.on('afterTransaction', (transaction: Y.Transaction) => {
      for (const [changed, keys] of transaction.changed) {
        const type: unknown = changed;
        if (type === files) for (const key of keys) if (key !== null) changedFiles.add(key);
        if (type === folders) for (const key of keys) if (key !== null) changedFolders.add(key);
        if (type instanceof Y.Text) texts.add(type);
      }
    });
    Y.applyUpdate(copy, update);
    const effect = new Map<string, unknown>();
    let longest = 0;
    for (const key of changedFiles) {
      const value = files.has(key) ? files.get(key) : REMOVED;
      effect.set(key, value);
      if (value instanceof Y.Text) longest = Math.max(longest, value.length);
    }
    for (const text of texts) longest = Math.max(longest, text.length);
    return {
      files: effect,
      folders: [...changedFolders].filter((key) => folders.has(key)),
      fileCountBefore,
      fileCountAfter: files.size,
      longestTextWritten: longest,
    };
  } finally {
    copy.destroy();
  }
}
