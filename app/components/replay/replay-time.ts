/** Session-relative clock text for the replay: "m:ss", or "h:mm:ss" past an hour. */
export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The last index i with times[i] <= t (0 before the first), by binary search. */
export function stepAtTime(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}

/** How many of the (time-sorted) items happened at or before `t`. */
export function countUpTo<T extends { at: number }>(items: readonly T[], t: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.at <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Tick spacing for an axis of `spanMs` over `widthPx`: about one label per 90 px. */
export function tickStep(spanMs: number, widthPx: number): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200].map(
    (s) => s * 1000,
  );
  const wanted = (spanMs / Math.max(1, widthPx)) * 90;
  return steps.find((s) => s >= wanted) ?? steps.at(-1)!;
}
