/**
 * Document names shared by the app, the collab-server and the bridge.
 * One Yjs document per interview session and one private notes document.
 */
export type DocumentKind = 'session' | 'notes';

export interface DocumentName {
  kind: DocumentKind;
  sessionId: string;
}

const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function sessionDocumentName(sessionId: string): string {
  return `session/${sessionId}`;
}

export function notesDocumentName(sessionId: string): string {
  return `notes/${sessionId}`;
}

/** Parses `session/<id>` or `notes/<id>`; anything else is null. */
export function parseDocumentName(name: string): DocumentName | null {
  const slash = name.indexOf('/');
  if (slash < 0) return null;
  const kind = name.slice(0, slash);
  const sessionId = name.slice(slash + 1);
  if ((kind !== 'session' && kind !== 'notes') || !SESSION_ID.test(sessionId)) return null;
  return { kind, sessionId };
}

/** Keys inside a session document. */
export const SESSION_DOC = {
  /** Y.Map<string, Y.Text>: path → file content. */
  files: 'files',
  /** Y.Map<string, true>: explicit empty folders (files imply their parents). */
  folders: 'folders',
  /** Y.Map: small metadata such as the problem title. */
  meta: 'meta',
  /**
   * Y.Map<string, true>: folders of problems marked done (decision 027).
   * Written only by services; the collab-server refuses anyone else's change
   * to a locked folder or to this map.
   */
  locked: 'locked',
} as const;

/** Keys inside a notes document. */
export const NOTES_DOC = {
  /** Y.Array<Y.Map>: { id, authorId, authorName, sessionTimeMs, createdAt, text: Y.Text }. */
  entries: 'entries',
} as const;
