import type { ReactNode } from 'react';
import type { DiffFile } from '../../replay/view-messages.ts';
import { EditorSkeleton } from '../workspace/EditorSkeleton.tsx';
import { formatOffset } from './replay-time.ts';
import type { ReplayEditorHandle } from './use-replay-editor.ts';

/**
 * The middle of the replay: the open file at the current instant (or the diff
 * of the compared instants) and, below, the terminal. Both Monaco containers
 * stay mounted; the one not in use is hidden.
 */
export function ReplayEditorPane(props: {
  editor: ReplayEditorHandle;
  path: string | null;
  follow: boolean;
  onFollow(on: boolean): void;
  diff: { file: DiffFile; a: number | null; b: number | null } | null;
  start: number;
  onCloseDiff(): void;
  /** No file exists at this instant. */
  empty: boolean;
  terminal: ReactNode;
}) {
  const { editor, diff } = props;
  const at = (t: number | null) => (t === null ? '—' : formatOffset(t - props.start));
  const [from, to] =
    diff && diff.a !== null && diff.b !== null && diff.a > diff.b
      ? [diff.b, diff.a]
      : [diff?.a ?? null, diff?.b ?? null];
  return (
    <section className="replay-main" aria-label="Code">
      <div className="editor-bar replay-editor-bar">
        {diff ? (
          <>
            <span className="replay-path">
              {diff.file.path}{' '}
              <span className="muted">
                — changes from {at(from)} to {at(to)}
              </span>
            </span>
            <button type="button" className="secondary small" onClick={props.onCloseDiff}>
              Back to the code
            </button>
          </>
        ) : (
          <>
            <span className="replay-path" data-testid="replay-path">
              {props.path ?? 'No file'}
            </span>
            <label className="inline-check" title="Open the file being edited as the replay plays">
              <input
                type="checkbox"
                checked={props.follow}
                onChange={(event) => props.onFollow(event.currentTarget.checked)}
              />
              Follow edits
            </label>
          </>
        )}
      </div>
      <div className="editor-host">
        <div
          ref={editor.editorRef}
          className="monaco-container"
          data-testid="replay-editor"
          hidden={diff !== null}
        />
        <div
          ref={editor.diffRef}
          className="monaco-container"
          data-testid="replay-diff"
          hidden={diff === null}
        />
        {editor.error ? (
          <div className="editor-overlay" role="alert">
            <p>The editor could not be loaded: {editor.error.message}</p>
            <button type="button" onClick={() => window.location.reload()}>
              Reload
            </button>
          </div>
        ) : !editor.controller ? (
          <div className="editor-overlay">
            <EditorSkeleton />
          </div>
        ) : props.empty && !diff ? (
          <div className="editor-overlay editor-empty">
            <p className="muted">No files at this instant.</p>
          </div>
        ) : null}
      </div>
      {props.terminal ? <div className="replay-terminal-host">{props.terminal}</div> : null}
    </section>
  );
}
