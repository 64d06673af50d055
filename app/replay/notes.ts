import * as Y from 'yjs';
import { NOTES_DOC } from '../../protocol/documents.ts';

/**
 * Interviewer notes from the private notes document, placed on the session's
 * clock. `sessionTimeMs` is milliseconds since the session started (the
 * editor's notes model writes server time minus the session's start), which
 * is how a note is linked to an instant.
 */
export interface NoteEntry {
  id: string;
  authorId: string;
  authorName: string;
  sessionTimeMs: number;
  /** When the note was written (ms since the epoch), when recorded. */
  createdAt: number | null;
  text: string;
  /** The instant the note points at: start + sessionTimeMs. */
  at: number;
}

/** The notes of a notes-document state, sorted by instant; malformed entries are skipped. */
export function readNotes(state: Uint8Array | null, sessionStart: number): NoteEntry[] {
  if (!state) return [];
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    const notes: NoteEntry[] = [];
    for (const entry of doc.getArray<unknown>(NOTES_DOC.entries)) {
      if (!(entry instanceof Y.Map)) continue;
      const id = entry.get('id');
      const time = entry.get('sessionTimeMs');
      const text = entry.get('text');
      if (typeof id !== 'string' || typeof time !== 'number' || !Number.isFinite(time)) continue;
      // The editor writes an ISO string; accept epoch milliseconds too.
      const written = entry.get('createdAt');
      const createdAt =
        typeof written === 'number'
          ? written
          : typeof written === 'string'
            ? Date.parse(written)
            : Number.NaN;
      notes.push({
        id,
        authorId: String(entry.get('authorId') ?? ''),
        authorName: String(entry.get('authorName') ?? ''),
        sessionTimeMs: time,
        createdAt: Number.isFinite(createdAt) ? createdAt : null,
        text: text instanceof Y.Text ? text.toString() : typeof text === 'string' ? text : '',
        at: sessionStart + time,
      });
    }
    return notes.sort((a, b) => a.at - b.at);
  } finally {
    doc.destroy();
  }
}
