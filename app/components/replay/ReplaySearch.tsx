import { type KeyboardEvent, useDeferredValue, useId, useMemo, useState } from 'react';
import { type SearchHit, searchTimeline } from '../../replay/search.ts';
import type { Timeline } from '../../replay/timeline.ts';
import { formatOffset } from './replay-time.ts';

const SHOWN_HITS = 50;

/**
 * The search box: instants whose events, markers, notes or file names match
 * ("test passed", a word of a chat turn, a file name, a note). Enter jumps to
 * the next match after the current instant, Shift+Enter to the previous one.
 */
export function ReplaySearch(props: {
  timeline: Timeline;
  start: number;
  time: number;
  onJump(at: number): void;
}) {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const deferred = useDeferredValue(query);
  const hits = useMemo(() => searchTimeline(props.timeline, deferred), [props.timeline, deferred]);
  const listId = useId();

  const jump = (hit: SearchHit | undefined) => {
    if (hit) props.onJump(hit.at);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      setQuery('');
      setOpen(false);
      return;
    }
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const found = searchTimeline(props.timeline, query);
    if (event.shiftKey) jump(found.findLast((h) => h.at < props.time - 1) ?? found.at(-1));
    else jump(found.find((h) => h.at > props.time + 1) ?? found[0]);
    setOpen(true);
  };

  return (
    <search className="replay-search">
      <label className="visually-hidden" htmlFor={`${listId}-input`}>
        Search the session
      </label>
      <input
        id={`${listId}-input`}
        type="search"
        placeholder="Search events, chat, files, notes"
        value={query}
        autoComplete="off"
        // Only while the results list exists: a dangling id is invalid ARIA.
        aria-controls={open && deferred.trim() !== '' ? listId : undefined}
        onChange={(event) => {
          setQuery(event.currentTarget.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      {open && deferred.trim() !== '' ? (
        <div className="replay-search-results" id={listId}>
          <p className="muted small" role="status">
            {hits.length === 0
              ? 'No matches.'
              : `${hits.length} ${hits.length === 1 ? 'match' : 'matches'} — Enter jumps to the next`}
          </p>
          <ul>
            {hits.slice(0, SHOWN_HITS).map((hit) => (
              <li key={`${hit.kind}-${hit.at}-${hit.label}`}>
                <button
                  type="button"
                  className={`search-hit search-hit-${hit.kind}`}
                  onClick={() => jump(hit)}
                >
                  <span className="search-hit-time">{formatOffset(hit.at - props.start)}</span>
                  <span className="search-hit-label">{hit.label}</span>
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="secondary small" onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
      ) : null}
    </search>
  );
}
