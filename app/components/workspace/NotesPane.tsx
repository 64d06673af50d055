import { type FormEvent, useState } from 'react';
import type { NoteEntry, WorkspaceController } from '../../editor/api.ts';
import { formatSessionTime } from './session-time.ts';

function NoteItem({ note, controller }: { note: NoteEntry; controller: WorkspaceController }) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <li className="note" data-testid="note">
      <div className="note-meta">
        <span
          className="note-time"
          title={`Written ${formatSessionTime(note.sessionTimeMs)} into the session`}
        >
          {formatSessionTime(note.sessionTimeMs)}
        </span>
        <span className="note-author">{note.authorName}</span>
        {note.mine && draft === null ? (
          <span className="note-actions">
            <button type="button" className="link-button" onClick={() => setDraft(note.text)}>
              Edit
            </button>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                if (window.confirm('Delete this note?')) controller.removeNote(note.id);
              }}
            >
              Delete
            </button>
          </span>
        ) : null}
      </div>
      {draft === null ? (
        <p className="note-text">{note.text}</p>
      ) : (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            controller.updateNote(note.id, draft);
            setDraft(null);
          }}
        >
          <textarea
            aria-label="Edit note"
            value={draft}
            rows={3}
            onChange={(e) => setDraft(e.target.value)}
          />
          <div className="row">
            <button type="submit" className="small">
              Save
            </button>
            <button type="button" className="secondary small" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

/**
 * Interviewers' private notes, stamped with the session time at which they
 * were written. Candidates never receive this document.
 */
export function NotesPane(props: {
  notes: readonly NoteEntry[] | null;
  controller: WorkspaceController | null;
}) {
  const { notes, controller } = props;
  const [text, setText] = useState('');
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!controller || !text.trim()) return;
    controller.addNote(text);
    setText('');
  };
  return (
    <section className="notes" aria-label="Private notes">
      <p className="muted notes-hint">Only your team sees these notes.</p>
      <form className="stack" onSubmit={submit}>
        <textarea
          aria-label="New note"
          placeholder="Write a note (Ctrl+Enter to add)"
          rows={3}
          value={text}
          disabled={!controller}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
          }}
        />
        <button type="submit" className="small" disabled={!controller || !text.trim()}>
          Add note
        </button>
      </form>
      {notes && notes.length > 0 ? (
        <ol className="notes-list">
          {notes.map((note) =>
            controller ? <NoteItem key={note.id} note={note} controller={controller} /> : null,
          )}
        </ol>
      ) : (
        <p className="muted">No notes yet.</p>
      )}
    </section>
  );
}
