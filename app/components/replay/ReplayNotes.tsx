import type { NoteEntry } from '../../replay/notes.ts';
import { formatOffset } from './replay-time.ts';

/** The interviewers' notes in session order; each jumps to its instant. Notes still ahead are dimmed. */
export function ReplayNotes(props: {
  notes: NoteEntry[];
  start: number;
  time: number;
  onJump(at: number): void;
}) {
  if (props.notes.length === 0) {
    return <p className="muted small replay-pad">No interviewer notes in this session.</p>;
  }
  return (
    <ol className="replay-notes">
      {props.notes.map((note) => (
        <li key={note.id} className={note.at > props.time ? 'is-ahead' : undefined}>
          <button
            type="button"
            className="note-jump"
            onClick={() => props.onJump(note.at)}
            aria-label={`Jump to ${formatOffset(note.at - props.start)}`}
          >
            {formatOffset(note.at - props.start)}
          </button>
          <div>
            <p className="note-text">{note.text}</p>
            <p className="muted small">{note.authorName}</p>
          </div>
        </li>
      ))}
    </ol>
  );
}
