import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The environment variable naming the file a child writes its samples to. */
export const LOOP_DELAY_FILE_VARIABLE = 'BENCH_LOOP_DELAY_FILE';

const TICK_MS = 10;

/**
 * For the benchmark's child servers: a 10 ms timer notes how late it fires
 * (the event-loop delay a message would have met) with the wall-clock time,
 * and on SIGTERM writes `[time, delay, time, delay, …]` to the file named by
 * BENCH_LOOP_DELAY_FILE before `stop` runs. The benchmark keeps the samples of its typing windows
 * (loopDelayIn), so nothing has to tell the child when a window starts.
 */
export function reportLoopDelay(stop: () => Promise<void>): void {
  const samples: number[] = [];
  let expected = performance.now() + TICK_MS;
  const timer = setInterval(() => {
    const now = performance.now();
    samples.push(Date.now(), Math.max(0, Math.round((now - expected) * 10) / 10));
    expected = now + TICK_MS;
  }, TICK_MS);
  process.on('SIGTERM', () => {
    clearInterval(timer);
    // A file, not stdout: the server's own log lines would interleave with a long line.
    const file = process.env[LOOP_DELAY_FILE_VARIABLE];
    if (file) writeFileSync(file, JSON.stringify(samples));
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/** The delays (ms) a child wrote to `file` (then removed), within the [start, end] wall-clock windows. */
export function loopDelayIn(file: string, windows: [number, number][]): LoopDelay | null {
  let samples: number[];
  try {
    samples = JSON.parse(readFileSync(file, 'utf8')) as number[];
  } catch {
    return null;
  }
  rmSync(file, { force: true });
  const delays: number[] = [];
  for (let i = 0; i < samples.length; i += 2) {
    const at = samples[i]!;
    if (windows.some(([start, end]) => at >= start && at <= end)) delays.push(samples[i + 1]!);
  }
  if (delays.length === 0) return null;
  delays.sort((a, b) => a - b);
  const at = (q: number) =>
    delays[Math.min(delays.length - 1, Math.ceil((q / 100) * delays.length) - 1)]!;
  return { p50: at(50), p99: at(99), max: delays.at(-1)! };
}
