import { formatOffset } from './replay-time.ts';
import { MIN_WINDOW_MS } from './timeline-view.ts';
import type { TimelineWindow } from './use-timeline-window.ts';

/** The zoom buttons above the timeline's labels, and what is shown, for screen readers. */
export function TimelineZoom(props: {
  window: TimelineWindow;
  start: number;
  end: number;
  time: number;
}) {
  const { window: shown, start, end, time } = props;
  const { view, zoomed } = shown;
  return (
    <div className="timeline-label timeline-label-axis timeline-zoom">
      <button
        type="button"
        className="timeline-zoom-button"
        aria-label="Zoom out"
        title="Zoom out (−)"
        disabled={!zoomed}
        onClick={() => shown.zoomBy(2, time)}
      >
        −
      </button>
      <button
        type="button"
        className="timeline-zoom-button"
        aria-label="Zoom in"
        title="Zoom in (+, or Ctrl and the wheel)"
        disabled={view.to - view.from <= MIN_WINDOW_MS}
        onClick={() => shown.zoomBy(0.5, time)}
      >
        +
      </button>
      <button
        type="button"
        className="timeline-zoom-button"
        aria-label="Show the whole session"
        title="Whole session (0)"
        disabled={!zoomed}
        onClick={shown.showWholeSession}
      >
        ⤢
      </button>
      <span className="visually-hidden" aria-live="polite">
        {zoomed
          ? `Showing ${formatOffset(view.from - start)} to ${formatOffset(view.to - start)} of ${formatOffset(end - start)}`
          : ''}
      </span>
    </div>
  );
}
