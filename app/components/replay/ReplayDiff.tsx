import type { DiffFile, DiffResult } from '../../replay/view-messages.ts';
import { ShareBar } from './ReplayFiles.tsx';
import { formatOffset } from './replay-time.ts';

const CHANGE_TEXT: Record<DiffFile['change'], string> = {
  added: 'added',
  deleted: 'deleted',
  modified: 'changed',
  renamed: 'renamed',
};

/**
 * "What changed between A and B": set each instant from the playhead, then
 * the changed files with what was added and removed and who wrote the
 * additions; a file opens in the diff editor.
 */
export function ReplayDiff(props: {
  start: number;
  time: number;
  a: number | null;
  b: number | null;
  onSet(which: 'a' | 'b', at: number | null): void;
  result: DiffResult | null;
  loading: boolean;
  error: string | null;
  openPath: string | null;
  onOpen(file: DiffFile): void;
}) {
  const at = (t: number | null) => (t === null ? 'not set' : formatOffset(t - props.start));
  return (
    <div className="replay-diff replay-pad">
      <p className="muted small">
        Move the playhead, then set A and B to compare the code at the two instants.
      </p>
      <div className="diff-ends">
        {(['a', 'b'] as const).map((which) => (
          <div key={which} className="diff-end">
            <span className={`diff-end-name diff-end-${which}`}>{which.toUpperCase()}</span>
            <span className="diff-end-time">{at(props[which])}</span>
            <button
              type="button"
              className="secondary small"
              onClick={() => props.onSet(which, props.time)}
            >
              Set {which.toUpperCase()} to {formatOffset(props.time - props.start)}
            </button>
          </div>
        ))}
      </div>
      {props.error ? (
        <p className="form-error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.loading ? <p className="muted small">Comparing…</p> : null}
      {props.result ? (
        props.result.files.length === 0 ? (
          <p className="muted small">No file changed between A and B.</p>
        ) : (
          <ul className="diff-files" aria-label="Changed files">
            {props.result.files.map((file) => (
              <li key={`${file.change}-${file.path}`}>
                <button
                  type="button"
                  className={`diff-file${file.path === props.openPath ? ' is-open' : ''}`}
                  aria-current={file.path === props.openPath ? 'true' : undefined}
                  onClick={() => props.onOpen(file)}
                >
                  <span className="diff-file-name">
                    {file.previousPath ? `${file.previousPath} → ${file.path}` : file.path}
                  </span>
                  <span className="diff-file-stats">
                    {CHANGE_TEXT[file.change]} · <span className="added">+{file.added}</span>{' '}
                    <span className="removed">−{file.removed}</span>
                  </span>
                  <ShareBar counts={file.addedBy} />
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}
