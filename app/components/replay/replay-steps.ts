import type { TimelineEvent, TimelineMarker } from '../../replay/timeline.ts';
import { countUpTo, stepAtTime } from './replay-time.ts';

/** Shift+arrow moves the clock this far. */
export const LARGE_STEP_MS = 10_000;

/**
 * The next (dir 1) or previous (dir -1) instant at which something happened —
 * an update of the code or a session event — or `time` itself when there is
 * none. This is what ← and → step through.
 */
export function adjacentInstant(
  times: Float64Array,
  events: readonly TimelineEvent[],
  time: number,
  dir: 1 | -1,
): number {
  const step = stepAtTime(times, time);
  const seen = countUpTo(events, time);
  if (dir === 1) {
    const edit = step + 1 < times.length ? times[step + 1]! : Number.POSITIVE_INFINITY;
    const event = events[seen]?.at ?? Number.POSITIVE_INFINITY;
    const next = Math.min(edit, event);
    return Number.isFinite(next) ? next : time;
  }
  // The last instant strictly before `time`.
  let s = step;
  while (s > 0 && times[s]! >= time) s--;
  const edit = times[s]! < time ? times[s]! : Number.NEGATIVE_INFINITY;
  let e = seen - 1;
  while (e >= 0 && events[e]!.at >= time) e--;
  const event = e >= 0 ? events[e]!.at : Number.NEGATIVE_INFINITY;
  const previous = Math.max(edit, event);
  return Number.isFinite(previous) ? previous : time;
}

/** The first marker after `time` (dir 1) or the last one before it (dir -1). */
export function adjacentMarker(
  markers: readonly TimelineMarker[],
  time: number,
  dir: 1 | -1,
): TimelineMarker | null {
  if (dir === 1) return markers.find((m) => m.at > time + 1) ?? null;
  return markers.findLast((m) => m.at < time - 1) ?? null;
}
