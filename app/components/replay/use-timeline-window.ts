import { type RefObject, useEffect, useMemo, useRef, useState } from 'react';
import {
  followWindow,
  isWholeSession,
  panWindow,
  type TimeWindow,
  zoomWindow,
} from './timeline-view.ts';

/** A window that covers the whole session is stored as null. */
function stored(session: TimeWindow, next: TimeWindow): TimeWindow | null {
  return isWholeSession(session, next) ? null : next;
}

export interface TimelineWindow {
  /** What the timeline shows: the whole session or the zoomed-in window. */
  view: TimeWindow;
  zoomed: boolean;
  /** Zooms by `factor` (< 1 in, > 1 out) keeping `around` in place. */
  zoomBy(factor: number, around: number): void;
  showWholeSession(): void;
}

/**
 * The timeline's window on the session, kept as null (the whole session) or
 * the zoomed-in window: it follows the playhead, and on `body` Ctrl/⌘ + wheel
 * zooms around the pointer while Shift + wheel (or a sideways swipe) pans.
 */
export function useTimelineWindow(
  start: number,
  end: number,
  time: number,
  body: RefObject<HTMLElement | null>,
): TimelineWindow {
  const session = useMemo(() => ({ from: start, to: Math.max(end, start + 1) }), [start, end]);
  const [zoom, setZoom] = useState<TimeWindow | null>(null);
  const view = zoom ? panWindow(session, zoom, 0) : session;
  const latest = useRef({ session, view });
  latest.current = { session, view };

  // Playback, search hits and marker jumps carry a zoomed-in window along.
  useEffect(() => {
    setZoom((current) => (current ? followWindow(latest.current.session, current, time) : null));
  }, [time]);

  // A native listener: React's wheel listener is passive and cannot prevent scrolling.
  useEffect(() => {
    const element = body.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      const { session: bounds, view: shown } = latest.current;
      const rect = element.getBoundingClientRect();
      const length = shown.to - shown.from;
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        const pointer =
          shown.from + ((event.clientX - rect.left) / Math.max(1, rect.width)) * length;
        setZoom(stored(bounds, zoomWindow(bounds, shown, pointer, event.deltaY < 0 ? 0.8 : 1.25)));
        return;
      }
      const sideways = event.shiftKey ? event.deltaY : event.deltaX;
      const panning = event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY);
      if (isWholeSession(bounds, shown) || !panning || Math.abs(sideways) < 1) return;
      event.preventDefault();
      setZoom(
        stored(bounds, panWindow(bounds, shown, (sideways / Math.max(1, rect.width)) * length)),
      );
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [body]);

  return {
    view,
    zoomed: zoom !== null && !isWholeSession(session, view),
    zoomBy: (factor, around) => setZoom(stored(session, zoomWindow(session, view, around, factor))),
    showWholeSession: () => setZoom(null),
  };
}
