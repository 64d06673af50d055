import * as Y from 'yjs';
import { NOTES_DOC } from '../../protocol/documents.ts';
import type { NoteEntry } from './api.ts';
import type { LocalEdits } from './local-edits.ts';

/** Longest note, in characters. */
const MAX_NOTE_CHARS = 10_000;

/**
 * Interviewers' private notes (`notes/<sessionId>`): a Y.Array of Y.Maps
 * `{ id, authorId, authorName, sessionTimeMs, createdAt, text: Y.Text }`.
 * Each note carries the session time at which it was written, so replay can
 * place it on the timeline. Only a note's author edits or deletes it.
 */
export class NotesModel {
  private readonly entries: Y.Array<Y.Map<unknown>>;
  private readonly edits: LocalEdits;
  private readonly author: { id: string; name: string };
  private readonly sessionTimeMs: () => number;

  constructor(options: {
    doc: Y.Doc;
    edits: LocalEdits;
    author: { id: string; name: string };
    sessionTimeMs: () => number;
  }) {
    this.entries = options.doc.getArray<Y.Map<unknown>>(NOTES_DOC.entries);
    this.edits = options.edits;
    this.author = options.author;
    this.sessionTimeMs = options.sessionTimeMs;
  }

  observe(listener: () => void): () => void {
    this.entries.observeDeep(listener);
    return () => this.entries.unobserveDeep(listener);
  }

  list(): NoteEntry[] {
    const notes: NoteEntry[] = [];
    for (const entry of this.entries.toArray()) {
      const note = this.read(entry);
      if (note) notes.push(note);
    }
    return notes.sort((a, b) => a.sessionTimeMs - b.sessionTimeMs);
  }

  add(text: string): void {
    const body = text.trim().slice(0, MAX_NOTE_CHARS);
    if (!body) return;
    this.edits.write('typed', () => {
      const entry = new Y.Map<unknown>();
      entry.set('id', crypto.randomUUID());
      entry.set('authorId', this.author.id);
      entry.set('authorName', this.author.name);
      entry.set('sessionTimeMs', Math.max(0, Math.round(this.sessionTimeMs())));
      entry.set('createdAt', new Date().toISOString());
      entry.set('text', new Y.Text(body));
      this.entries.push([entry]);
    });
  }

  /** Replaces the text of one of the author's notes with a minimal edit. */
  update(id: string, text: string): void {
    const entry = this.findOwn(id);
    const ytext = entry?.get('text');
    if (!(ytext instanceof Y.Text)) return;
    const next = text.slice(0, MAX_NOTE_CHARS);
    const current = ytext.toString();
    if (next === current) return;
    let start = 0;
    while (start < current.length && start < next.length && current[start] === next[start]) start++;
    let end = 0;
    while (
      end < current.length - start &&
      end < next.length - start &&
      current[current.length - 1 - end] === next[next.length - 1 - end]
    ) {
      end++;
    }
    this.edits.write('typed', () => {
      ytext.delete(start, current.length - start - end);
      ytext.insert(start, next.slice(start, next.length - end));
    });
  }

  remove(id: string): void {
    const own = this.findOwn(id);
    const index = own ? this.entries.toArray().indexOf(own) : -1;
    if (index >= 0) this.edits.write('typed', () => this.entries.delete(index, 1));
  }

  private findOwn(id: string): Y.Map<unknown> | undefined {
    return this.entries
      .toArray()
      .find((entry) => entry.get('id') === id && entry.get('authorId') === this.author.id);
  }

  private read(entry: unknown): NoteEntry | null {
    if (!(entry instanceof Y.Map)) return null;
    const id = entry.get('id');
    const authorId = entry.get('authorId');
    const authorName = entry.get('authorName');
    const sessionTimeMs = entry.get('sessionTimeMs');
    const createdAt = entry.get('createdAt');
    const text = entry.get('text');
    if (
      typeof id !== 'string' ||
      typeof authorId !== 'string' ||
      typeof sessionTimeMs !== 'number' ||
      !(text instanceof Y.Text)
    ) {
      return null;
    }
    return {
      id,
      authorId,
      authorName: typeof authorName === 'string' ? authorName : 'Unknown',
      sessionTimeMs,
      createdAt: typeof createdAt === 'string' ? createdAt : '',
      text: text.toString(),
      mine: authorId === this.author.id,
    };
  }
}
