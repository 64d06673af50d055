import { useCallback, useEffect, useRef, useState } from 'react';
import type { IdleGap } from '../../replay/timeline.ts';

export const SPEEDS = [0.5, 1, 2, 4, 8] as const;
export type Speed = (typeof SPEEDS)[number];

export interface ReplayClock {
  /** The instant shown, ms since the epoch. */
  time: number;
  playing: boolean;
  speed: Speed;
  skipIdle: boolean;
  seek(time: number): void;
  play(): void;
  pause(): void;
  toggle(): void;
  setSpeed(speed: Speed): void;
  setSkipIdle(skip: boolean): void;
}

/** Where playback goes from `time` when idle gaps are skipped. */
export function pastIdle(idle: readonly IdleGap[], time: number): number {
  const gap = idle.find((g) => g.from < time && time < g.to);
  return gap ? gap.to : time;
}

/**
 * The replay's clock: an instant between `start` and `end`, moved by the
 * reviewer or by playback (requestAnimationFrame, `speed` session
 * milliseconds per real one, jumping over idle gaps when asked).
 */
export function useReplayClock(
  start: number,
  end: number,
  idle: readonly IdleGap[],
  initial = start,
): ReplayClock {
  const [time, setTime] = useState(initial);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<Speed>(1);
  const [skipIdle, setSkipIdle] = useState(true);
  const timeRef = useRef(time);
  timeRef.current = time;

  const clamp = useCallback((t: number) => Math.min(end, Math.max(start, t)), [start, end]);
  const seek = useCallback((t: number) => setTime(clamp(t)), [clamp]);

  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let frame = requestAnimationFrame(function tick(now) {
      const elapsed = Math.min(250, now - last); // a background tab resumes where it was
      last = now;
      let next = timeRef.current + elapsed * speed;
      if (skipIdle) next = pastIdle(idle, next);
      if (next >= end) {
        setTime(end);
        setPlaying(false);
        return;
      }
      setTime(next);
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, skipIdle, idle, end]);

  const play = useCallback(() => {
    if (timeRef.current >= end) setTime(start);
    setPlaying(true);
  }, [start, end]);
  const pause = useCallback(() => setPlaying(false), []);
  const toggle = useCallback(() => (playing ? pause() : play()), [playing, play, pause]);

  return { time, playing, speed, skipIdle, seek, play, pause, toggle, setSpeed, setSkipIdle };
}
