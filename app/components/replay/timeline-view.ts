/**
 * The part of the session the timeline shows: all of it, or a zoomed-in
 * window that the pointer, the keyboard and playback move. Pure functions of
 * the session's bounds; Timeline.tsx keeps the window in state.
 */
export interface TimeWindow {
  from: number;
  to: number;
}

/** The narrowest window: 1 s, or the whole session when it is shorter. */
export const MIN_WINDOW_MS = 1000;

/** A window of the same length moved inside the session. */
function clampWindow(session: TimeWindow, from: number, length: number): TimeWindow {
  const start = Math.min(Math.max(session.from, from), session.to - length);
  return { from: start, to: start + length };
}

/**
 * Zooms by `factor` (< 1 in, > 1 out) keeping the instant `around` where it
 * is on screen, within the session and no narrower than MIN_WINDOW_MS.
 */
export function zoomWindow(
  session: TimeWindow,
  view: TimeWindow,
  around: number,
  factor: number,
): TimeWindow {
  const sessionLength = session.to - session.from;
  const length = view.to - view.from;
  const next = Math.min(
    sessionLength,
    Math.max(Math.min(MIN_WINDOW_MS, sessionLength), length * factor),
  );
  const anchor = Math.min(view.to, Math.max(view.from, around));
  const from = anchor - ((anchor - view.from) / Math.max(1, length)) * next;
  return clampWindow(session, from, next);
}

/** Moves the window by `deltaMs`, staying inside the session. */
export function panWindow(session: TimeWindow, view: TimeWindow, deltaMs: number): TimeWindow {
  return clampWindow(session, view.from + deltaMs, view.to - view.from);
}

/**
 * Keeps `time` in view: a window it has left is moved so that it sits a
 * tenth of the way in (playback and jumps carry the view with them).
 */
export function followWindow(session: TimeWindow, view: TimeWindow, time: number): TimeWindow {
  if (time >= view.from && time <= view.to) return view;
  const length = view.to - view.from;
  return clampWindow(session, time - length / 10, length);
}

export function isWholeSession(session: TimeWindow, view: TimeWindow): boolean {
  return view.from <= session.from && view.to >= session.to;
}
