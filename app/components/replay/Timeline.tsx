import {
  type KeyboardEvent,
  memo,
  type PointerEvent,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { IdleGap, TimelineMarker } from '../../replay/timeline.ts';
import { formatOffset, tickStep } from './replay-time.ts';
import { TimelineZoom } from './TimelineZoom.tsx';
import { pixelSpans, type TrackRow, visibleMarkers } from './timeline-tracks.ts';
import { useTimelineWindow } from './use-timeline-window.ts';

export const MARKER_TEXT: Record<TimelineMarker['kind'], string> = {
  'first-passing-test': 'First passing test',
  'test-run': 'Test run',
  'ai-turn': 'AI turn',
  'long-paste': 'Long paste',
  'focus-lost': 'Focus lost',
  idle: 'Idle',
  note: 'Note',
  'problem-switch': 'Problem switch',
  'language-switch': 'Language switch',
};

export interface TimelineProps {
  start: number;
  end: number;
  time: number;
  rows: TrackRow[];
  markers: TimelineMarker[];
  /** Drawn as shaded bands; "skip idle" jumps over them. */
  idle: readonly IdleGap[];
  /** The two instants of the diff, when chosen. */
  compare: { a: number | null; b: number | null };
  onSeek(time: number): void;
  /** ←/→ (large: with Shift). */
  onStep(dir: 1 | -1, large: boolean): void;
  /** PageUp/PageDown. */
  onMarker(dir: 1 | -1): void;
  /** Space. */
  onTogglePlay(): void;
}

/**
 * The session on one axis: a row of markers, then one row per file and per
 * kind of event, and the playhead. Dragging anywhere scrubs; the tracks are a
 * slider for the keyboard (arrows step, Shift jumps, PageUp/PageDown go from
 * marker to marker, Home/End to the ends, Space plays and pauses). It zooms
 * in on a window of the session (+/−/0, Ctrl or ⌘ with the wheel, the
 * buttons), pans with Shift and the wheel, and follows the playhead.
 */
export function Timeline(props: TimelineProps) {
  const { start, end, time, onSeek } = props;
  const bodyRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const dragging = useRef(false);
  const pendingX = useRef<number | null>(null);
  const shown = useTimelineWindow(start, end, time, bodyRef);
  const { zoomed } = shown;
  const viewStart = shown.view.from;
  const viewEnd = shown.view.to;
  const span = Math.max(1, viewEnd - viewStart);

  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    const observer = new ResizeObserver(() => setWidth(body.clientWidth));
    observer.observe(body);
    setWidth(body.clientWidth);
    return () => observer.disconnect();
  }, []);

  // Events recorded a moment before the starter code sit at the left edge.
  const xOf = (t: number) => Math.max(0, ((t - viewStart) / span) * width);
  const inView = (t: number) => !zoomed || (t >= viewStart && t <= viewEnd);
  const timeAtX = (clientX: number) => {
    const rect = bodyRef.current!.getBoundingClientRect();
    const x = Math.min(rect.width, Math.max(0, clientX - rect.left));
    return viewStart + (x / Math.max(1, rect.width)) * span;
  };

  // Pointer moves arrive faster than frames: seek once per animation frame.
  const frame = useRef(0);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  const seekAt = (clientX: number) => {
    pendingX.current = clientX;
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      if (pendingX.current !== null) onSeek(timeAtX(pendingX.current));
    });
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    if ((event.target as HTMLElement).closest('button')) return;
    dragging.current = true;
    event.currentTarget.setPointerCapture(event.pointerId);
    onSeek(timeAtX(event.clientX));
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (dragging.current) seekAt(event.clientX);
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (!dragging.current) return;
    dragging.current = false;
    event.currentTarget.releasePointerCapture(event.pointerId);
    pendingX.current = null;
    onSeek(timeAtX(event.clientX));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowUp':
        props.onStep(1, event.shiftKey);
        break;
      case 'ArrowLeft':
      case 'ArrowDown':
        props.onStep(-1, event.shiftKey);
        break;
      case 'PageDown':
        props.onMarker(1);
        break;
      case 'PageUp':
        props.onMarker(-1);
        break;
      case 'Home':
        onSeek(start);
        break;
      case 'End':
        onSeek(end);
        break;
      case ' ':
        props.onTogglePlay();
        break;
      case '+':
      case '=':
        shown.zoomBy(0.5, time);
        break;
      case '-':
        shown.zoomBy(2, time);
        break;
      case '0':
        shown.showWholeSession();
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const shownMarkers = useMemo(
    () =>
      visibleMarkers(
        zoomed
          ? props.markers.filter((marker) => marker.at >= viewStart && marker.at <= viewEnd)
          : props.markers,
        viewStart,
        viewEnd,
        width,
      ),
    [props.markers, zoomed, viewStart, viewEnd, width],
  );
  // The layers that do not move with the playhead are built once per layout:
  // during playback the page renders every animation frame.
  const idleBands = useMemo(
    () =>
      pixelSpans(
        props.idle.map((gap) => ({ ...gap, tone: 'away' as const, label: '' })),
        viewStart,
        viewEnd,
        width,
        zoomed,
      ).map((band) => (
        <div
          key={band.x}
          className="timeline-idle"
          style={{ left: band.x, width: band.w }}
          aria-hidden="true"
        />
      )),
    [props.idle, viewStart, viewEnd, width, zoomed],
  );
  const markerButtons = useMemo(
    () =>
      shownMarkers.map((marker) => {
        const at = formatOffset(marker.at - start);
        const x = Math.max(0, ((marker.at - viewStart) / span) * width);
        return (
          <button
            key={`${marker.kind}-${marker.at}-${marker.noteId ?? marker.eventSeq ?? ''}`}
            type="button"
            className={`timeline-marker marker-${marker.kind}`}
            style={{ left: x }}
            title={`${at} · ${marker.label}`}
            aria-label={`${MARKER_TEXT[marker.kind]} at ${at}: ${marker.label}`}
            onClick={() => onSeek(marker.at)}
          />
        );
      }),
    [shownMarkers, start, viewStart, span, width, onSeek],
  );

  const ticks = useMemo(() => {
    if (width === 0) return [];
    // Offsets from the session's start, on the visible window.
    const every = tickStep(span, width);
    const out: number[] = [];
    const first = Math.ceil((viewStart - start) / every) * every;
    for (let offset = first; offset <= viewEnd - start; offset += every) out.push(offset);
    return out;
  }, [span, width, viewStart, viewEnd, start]);

  return (
    <section className="replay-timeline" aria-label="Timeline">
      <div className="timeline-labels">
        <TimelineZoom window={shown} start={start} end={end} time={time} />
        <div className="timeline-label timeline-label-markers" aria-hidden="true">
          Markers
        </div>
        {props.rows.map((row) => (
          <div
            key={row.id}
            className={`timeline-label timeline-label-${row.kind}`}
            title={row.label}
            aria-hidden="true"
          >
            {row.label}
          </div>
        ))}
      </div>
      <div
        ref={bodyRef}
        className="timeline-body"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        data-testid="timeline"
      >
        <div className="timeline-axis" aria-hidden="true">
          {ticks.map((offset) => (
            <span key={offset} className="timeline-tick" style={{ left: xOf(start + offset) }}>
              {formatOffset(offset)}
            </span>
          ))}
        </div>
        <div className="timeline-markers">{markerButtons}</div>
        <div
          className="timeline-tracks"
          role="slider"
          tabIndex={0}
          aria-label="Session time"
          aria-valuemin={0}
          aria-valuemax={Math.round((end - start) / 1000)}
          aria-valuenow={Math.round((time - start) / 1000)}
          aria-valuetext={`${formatOffset(time - start)} of ${formatOffset(end - start)}`}
          onKeyDown={onKeyDown}
        >
          <TrackRows
            rows={props.rows}
            start={viewStart}
            end={viewEnd}
            width={width}
            clip={zoomed}
          />
        </div>
        {idleBands}
        {[
          ['a', props.compare.a],
          ['b', props.compare.b],
        ].map(([name, at]) =>
          at === null || !inView(at as number) ? null : (
            <div
              key={name}
              className={`timeline-compare timeline-compare-${name}`}
              style={{ transform: `translateX(${xOf(at as number)}px)` }}
              aria-hidden="true"
            >
              <span>{String(name).toUpperCase()}</span>
            </div>
          ),
        )}
        {inView(time) ? (
          <div
            className="timeline-playhead"
            style={{ transform: `translateX(${xOf(time)}px)` }}
            aria-hidden="true"
          />
        ) : null}
      </div>
    </section>
  );
}

/** The rows are redrawn only when the session or the width changes, not on every frame. */
const TrackRows = memo(function TrackRows(props: {
  rows: TrackRow[];
  start: number;
  end: number;
  width: number;
  clip: boolean;
}) {
  const { rows, start, end, width, clip } = props;
  if (width === 0) return null;
  return (
    <svg className="timeline-svg" width={width} height={rows.length * 16} aria-hidden="true">
      {rows.map((row, i) => (
        <g key={row.id} transform={`translate(0 ${i * 16})`} className={`track track-${row.kind}`}>
          <rect className="track-bg" x={0} y={0} width={width} height={16} />
          {pixelSpans(row.spans, start, end, width, clip).map((s) => (
            <rect
              key={`${s.x}-${s.tone}`}
              className={`span span-${s.tone}`}
              x={s.x}
              y={3}
              width={s.w}
              height={10}
              rx={2}
            >
              <title>{s.count > 1 ? `${s.label} (and ${s.count - 1} more)` : s.label}</title>
            </rect>
          ))}
        </g>
      ))}
    </svg>
  );
});
