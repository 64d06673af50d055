import type { Connection, Document } from '@hocuspocus/server';
import * as Y from 'yjs';
import { SESSION_DOC } from '../../protocol/documents.ts';
import { isInFolder } from '../../protocol/problem-sequence.ts';
import type { CollabContext } from '../context.ts';
import { isSessionDocument } from '../messages.ts';
import { refuseMessage } from '../refusal.ts';
import { type TextOnlyEdit, textOnlyEdit } from './text-only-update.ts';

/**
 * Folders of finished problems (decision 027): `locked` maps a folder to
 * true once the candidate pressed "Done — next problem". Only services (the
 * app, the bridge) write the map; nobody else may change a locked folder's
 * files, folders or the map itself.
 */
export function lockedFoldersOf(doc: Y.Doc): string[] {
  return [...doc.getMap<unknown>(SESSION_DOC.locked).keys()];
}

/**
 * A finished problem's folder is locked (decision 027): an update from anyone
 * but a service (the app, the bridge) that would change a locked folder's
 * files, or the lock map, closes the connection with `problemLocked` before
 * Hocuspocus applies it, so the document stays as it was (throws the
 * refusal; extensions/message-checks.ts calls it for every update from a
 * connection that may write). Sessions without a locked folder pay one map
 * lookup per update.
 */
export function checkLockedFolders(
  connection: Connection,
  document: Document,
  update: Uint8Array,
  edit?: TextOnlyEdit | null,
): void {
  const role = (connection.context as CollabContext | undefined)?.participant?.role;
  if (role === 'service') return;
  if (!isSessionDocument(document)) return;
  const write = lockedFolderWrite(document, update, edit);
  if (write) throw refuseMessage(connection, 'problemLocked', `${role ?? 'unknown'}: ${write}`);
}

/**
 * What an update from a person would change in a locked folder: null when
 * nothing, otherwise a description for the log. Plain typing is judged from
 * the update itself (text-only-update.ts: every insert lands in an existing
 * text, deletes remove text only), by the paths of the texts it inserts into
 * or deletes from. Anything else (a file created, renamed, deleted, a crafted
 * update) is applied to a copy of the document and the locked folders'
 * contents and the lock map are compared before and after.
 */
export function lockedFolderWrite(
  doc: Y.Doc,
  update: Uint8Array,
  known?: TextOnlyEdit | null,
): string | null {
  // Checked on every keystroke: nothing allocated while no lock was ever set
  // (`getMap` and a Y.Map's `size` both allocate; `_map` also counts deleted keys).
  const locks = doc.share.get(SESSION_DOC.locked);
  if (!locks || locks._map.size === 0) return null;
  const locked = lockedFoldersOf(doc);
  const isLocked = (path: string) => locked.some((folder) => folder && isInFolder(folder, path));
  let edit: TextOnlyEdit | null = null;
  try {
    // The message checks pass the edit they decoded; otherwise decode it here.
    edit = known === undefined ? textOnlyEdit(doc, update) : known;
  } catch {
    edit = null;
  }
  if (edit) {
    const files = doc.getMap<unknown>(SESSION_DOC.files);
    for (const text of [...edit.growth.keys(), ...edit.deletedFrom]) {
      const item = text._item;
      const path = item && item.parent === files ? item.parentSub : null;
      // A text outside `files` (a scratch type) holds no problem's files.
      if (path !== null && isLocked(path)) return `typing into ${path}`;
    }
    return null;
  }
  const before = lockedContents(doc, isLocked);
  const copy = new Y.Doc({ gc: doc.gc });
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const pending = doc.store.pendingStructs;
    if (pending) Y.applyUpdate(copy, pending.update);
    if (doc.store.pendingDs) Y.applyUpdate(copy, doc.store.pendingDs);
    Y.applyUpdate(copy, update);
    const after = lockedContents(copy, isLocked);
    if (after.locks !== before.locks) return 'changing the locks';
    for (const [path, content] of after.files) {
      if (before.files.get(path) !== content) return `writing ${path}`;
    }
    for (const path of before.files.keys()) {
      if (!after.files.has(path)) return `removing ${path}`;
    }
    return null;
  } catch {
    return 'an undecodable update';
  } finally {
    copy.destroy();
  }
}

/** The locked folders' files and explicit folders, and the lock map, as comparable strings. */
function lockedContents(doc: Y.Doc, isLocked: (path: string) => boolean) {
  const files = new Map<string, string>();
  for (const [path, value] of doc.getMap<unknown>(SESSION_DOC.files)) {
    if (isLocked(path)) files.set(path, value instanceof Y.Text ? value.toString() : '\0other');
  }
  for (const path of doc.getMap<unknown>(SESSION_DOC.folders).keys()) {
    if (isLocked(path)) files.set(`${path}/\0folder`, '');
  }
  const locks = JSON.stringify(doc.getMap<unknown>(SESSION_DOC.locked).toJSON());
  return { files, locks };
}
