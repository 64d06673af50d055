import { performance } from 'node:perf_hooks';

const TICK_MS = 10;

/**
 * For the benchmark's child servers: a 10 ms timer notes how late it fires
 * (the event-loop delay a message would have met) with the wall-clock time,
 * and prints `bench-loop-delay [time, delay, time, delay, …]` on SIGTERM,
 * before `stop` runs. The benchmark keeps the samples of its typing windows
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
    // Writes to a pipe are asynchronous: exit only once the line is out.
    process.stdout.write(`bench-loop-delay ${JSON.stringify(samples)}\n`, () => {
      stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  });
}

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/** The delays (ms) a child printed, restricted to the given [start, end] wall-clock windows. */
export function loopDelayIn(output: string, windows: [number, number][]): LoopDelay | null {
  const match = /bench-loop-delay (\[.*\])/.exec(output);
  if (!match) return null;
  const samples = JSON.parse(match[1]!) as number[];
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
