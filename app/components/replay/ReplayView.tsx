import { type ReactNode, useEffect, useState } from 'react';
import { ReplaySession } from './ReplaySession.tsx';
import { useReplay } from './use-replay.ts';
import { preloadReplayEditor } from './use-replay-editor.ts';

export interface ReplayViewProps {
  historyUrl: string;
  editor: { script: string; style: string; worker: string };
  testNames: string[];
  showTerminal: boolean;
  showChat: boolean;
  live: boolean;
  title: ReactNode;
  /** Links at the end of the header. */
  actions: ReactNode;
  /** Open at this session time (ms since the session started), e.g. a note's instant. */
  initialOffsetMs?: number | null;
}

const mb = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * The replay page's body: starts the worker (which fetches and indexes the
 * history) and Monaco's download together, shows a skeleton with the
 * progress until both can run, then the replay itself.
 */
export function ReplayView(props: ReplayViewProps) {
  const [attempt, setAttempt] = useState(0);
  const load = useReplay(props.editor.worker, props.historyUrl, attempt);
  const { script, style } = props.editor;
  useEffect(() => preloadReplayEditor(script, style), [script, style]);

  const reload = (
    <button type="button" className="secondary small" onClick={() => setAttempt((n) => n + 1)}>
      {props.live ? 'Load newer edits' : 'Reload'}
    </button>
  );
  const actions = (
    <div className="replay-actions">
      {props.live ? (
        <span
          className="badge"
          title="The interview is still going: this replay ends where loading did"
        >
          live
        </span>
      ) : null}
      {props.live ? reload : null}
      {load.phase === 'ready' ? <ReplayTimings load={load} /> : null}
      {props.actions}
    </div>
  );

  if (load.phase === 'ready') {
    return (
      <ReplaySession
        key={attempt}
        overview={load.overview}
        client={load.client}
        editor={props.editor}
        testNames={props.testNames}
        showTerminal={props.showTerminal}
        showChat={props.showChat}
        title={props.title}
        headerEnd={actions}
        initialOffsetMs={props.initialOffsetMs ?? null}
      />
    );
  }
  return (
    <div className="replay is-loading">
      <header className="replay-header">
        {props.title}
        {actions}
      </header>
      <aside className="replay-side-left">
        <div className="skeleton replay-skeleton-block" />
      </aside>
      <section className="replay-main" aria-label="Code">
        {load.phase === 'failed' ? (
          <div className="replay-failed" role="alert">
            <h2>The replay could not be opened</h2>
            <p>{load.message}</p>
            <p className="muted small">Code: {load.code}</p>
            <button type="button" onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </button>
          </div>
        ) : (
          <div className="replay-loading" role="status" aria-busy="true">
            <p>
              {load.phase === 'loading'
                ? 'Loading the session’s history…'
                : `Indexing ${mb(load.bytes)} of history…`}
            </p>
            <div className="skeleton replay-skeleton-editor" />
          </div>
        )}
      </section>
      <aside className="replay-side-right">
        <div className="skeleton replay-skeleton-block" />
      </aside>
      <footer className="replay-footer">
        <div className="skeleton replay-skeleton-timeline" />
      </footer>
    </div>
  );
}

function ReplayTimings({
  load,
}: {
  load: Extract<ReturnType<typeof useReplay>, { phase: 'ready' }>;
}) {
  const t = load.overview.timings;
  const total = t.fetchMs + t.decodeMs + t.indexMs + t.timelineMs;
  return (
    <span
      className="muted small replay-timings"
      data-testid="replay-timings"
      data-fetch-ms={t.fetchMs}
      data-decode-ms={t.decodeMs}
      data-index-ms={t.indexMs}
      data-timeline-ms={t.timelineMs}
      title={`Fetched ${mb(t.bytes)} in ${t.fetchMs} ms, decoded in ${t.decodeMs} ms, indexed ${t.updates.toLocaleString()} updates in ${t.indexMs} ms, timeline of ${t.events.toLocaleString()} events in ${t.timelineMs} ms`}
    >
      {t.updates.toLocaleString()} edits · {t.events.toLocaleString()} events · ready in{' '}
      {Math.round(total)} ms
    </span>
  );
}
