import { useCallback, useEffect, useRef, useState } from 'react';

export interface CountdownState {
  /** Whole seconds left by the server's clock. */
  secondsLeft: number;
  status: string;
}

interface StatusBody {
  status: string;
  deadlineAt: string;
  serverTime: string;
}

/**
 * A countdown to a deadline the server owns. The page's clock is corrected by
 * the server's, and resynced from /status when the tab regains focus, becomes
 * visible or comes back online. Fires each warning once.
 */
export function useCountdown(options: {
  /** Null: no resync (observers count down from the deadline they were given). */
  statusUrl: string | null;
  deadlineAt: string;
  serverTime: string;
  initialStatus: string;
  warnings: number[];
  onWarning: (secondsLeft: number) => void;
  onExpired: () => void;
}): CountdownState & { resync: () => Promise<void> } {
  const deadline = useRef(Date.parse(options.deadlineAt));
  const offset = useRef(Date.parse(options.serverTime) - Date.now());
  const warned = useRef(new Set<number>());
  const expired = useRef(false);
  const callbacks = useRef(options);
  callbacks.current = options;
  const compute = () =>
    Math.max(0, Math.ceil((deadline.current - (Date.now() + offset.current)) / 1000));
  const [state, setState] = useState<CountdownState>({
    secondsLeft: compute(),
    status: options.initialStatus,
  });

  const resync = useCallback(async () => {
    if (!callbacks.current.statusUrl) return;
    try {
      const sent = Date.now();
      const response = await fetch(callbacks.current.statusUrl, { cache: 'no-store' });
      if (!response.ok) return;
      const body = (await response.json()) as StatusBody;
      const roundTrip = Date.now() - sent;
      offset.current = Date.parse(body.serverTime) + roundTrip / 2 - Date.now();
      deadline.current = Date.parse(body.deadlineAt);
      setState({
        secondsLeft: secondsUntil(deadline.current, offset.current),
        status: body.status,
      });
    } catch {
      // offline: keep counting on the last known offset
    }
  }, []);

  useEffect(() => {
    const tick = () => {
      const secondsLeft = secondsUntil(deadline.current, offset.current);
      setState((previous) =>
        previous.secondsLeft === secondsLeft ? previous : { ...previous, secondsLeft },
      );
      for (const threshold of callbacks.current.warnings) {
        if (secondsLeft <= threshold && secondsLeft > 0 && !warned.current.has(threshold)) {
          warned.current.add(threshold);
          // A page opened with 5 minutes left warns about 2 minutes later, not about 10 now.
          if (secondsLeft > threshold - 30) callbacks.current.onWarning(threshold);
        }
      }
      if (secondsLeft === 0 && !expired.current) {
        expired.current = true;
        callbacks.current.onExpired();
      }
    };
    const interval = setInterval(tick, 250);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void resync();
    };
    window.addEventListener('focus', resync);
    window.addEventListener('online', resync);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(interval);
      window.removeEventListener('focus', resync);
      window.removeEventListener('online', resync);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [resync]);

  return { ...state, resync };
}

/** Whole seconds until a deadline, by a clock corrected with `offset` ms. */
function secondsUntil(deadline: number, offset: number): number {
  return Math.max(0, Math.ceil((deadline - (Date.now() + offset)) / 1000));
}

/** 3725 → "1:02:05"; 125 → "02:05". */
export function formatClock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
