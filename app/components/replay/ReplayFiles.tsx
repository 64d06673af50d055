import type { FrameFile, KindCounts } from '../../replay/view-messages.ts';
import { describeShares, KIND_LEGEND, sharesOf } from './provenance-kinds.ts';

/** A bar split by who or what wrote the characters. */
export function ShareBar({ counts }: { counts: KindCounts }) {
  const shares = sharesOf(counts);
  return (
    <span className="share-bar" aria-hidden="true">
      {KIND_LEGEND.map(({ kind }) =>
        shares[kind] > 0 ? (
          <span
            key={kind}
            className={`share share-${kind}`}
            style={{ width: `${shares[kind]}%` }}
          />
        ) : null,
      )}
    </span>
  );
}

/**
 * The files at the current instant, each with its provenance bar; the open
 * one is marked. Opening a file turns following off (as in the observer).
 */
export function ReplayFiles(props: {
  files: FrameFile[];
  openPath: string | null;
  onOpen(path: string): void;
}) {
  return (
    <nav className="replay-files" aria-label="Files at this instant">
      <h2 className="panel-title">Files</h2>
      {props.files.length === 0 ? <p className="muted small">No files yet.</p> : null}
      <ul>
        {props.files.map((file) => (
          <li key={file.path}>
            <button
              type="button"
              className={`replay-file${file.path === props.openPath ? ' is-open' : ''}`}
              aria-current={file.path === props.openPath ? 'true' : undefined}
              title={`${file.path}: ${file.length.toLocaleString()} characters — ${describeShares(file.counts)}`}
              onClick={() => props.onOpen(file.path)}
            >
              <span className="replay-file-name">{file.path}</span>
              <ShareBar counts={file.counts} />
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The colour key, the switch that colours the code, and the shares of the open file. */
export function ProvenanceLegend(props: {
  on: boolean;
  onToggle(on: boolean): void;
  file: FrameFile | null;
  total: KindCounts | null;
}) {
  const counts = props.file?.counts ?? null;
  const shares = counts ? sharesOf(counts) : null;
  const totalShares = props.total ? sharesOf(props.total) : null;
  return (
    <section className="replay-legend" aria-label="Who wrote the code">
      <label className="switch">
        <input
          type="checkbox"
          checked={props.on}
          onChange={(event) => props.onToggle(event.currentTarget.checked)}
        />
        Colour by author
      </label>
      <table className="legend-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Kind</span>
            </th>
            <th scope="col" title={props.file?.path}>
              File
            </th>
            <th scope="col">All</th>
          </tr>
        </thead>
        <tbody>
          {KIND_LEGEND.filter(
            ({ kind }) => kind !== 'unknown' || (props.total?.unknown ?? 0) > 0,
          ).map(({ kind, label }) => (
            <tr key={kind}>
              <th scope="row">
                <span className={`swatch swatch-${kind}`} aria-hidden="true" /> {label}
              </th>
              <td>{shares ? `${Math.round(shares[kind])}%` : '—'}</td>
              <td>{totalShares ? `${Math.round(totalShares[kind])}%` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
