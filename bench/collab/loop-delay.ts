import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * For the benchmark's child servers: measures this process' event-loop delay
 * while the benchmark types to it (each SIGUSR2 starts or ends a window;
 * SIGUSR1 would start Node's inspector)
 * and prints `bench-loop-delay {"p50":…,"p99":…,"max":…}` (ms) on SIGTERM,
 * before `stop` runs.
 */
export function reportLoopDelay(stop: () => Promise<void>): void {
  const histogram = monitorEventLoopDelay({ resolution: 2 });
  let measuring = false;
  process.on('SIGUSR2', () => {
    measuring = !measuring;
    if (measuring) histogram.enable();
    else histogram.disable();
  });
  process.on('SIGTERM', () => {
    histogram.disable();
    const ms = (value: number) => Math.round(value / 1e4) / 100;
    const summary = {
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
    };
    process.stdout.write(`bench-loop-delay ${JSON.stringify(summary)}\n`);
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

/** Reads what reportLoopDelay printed. */
export function parseLoopDelay(output: string): { p50: number; p99: number; max: number } | null {
  const match = /bench-loop-delay (\{.*\})/.exec(output);
  return match ? JSON.parse(match[1]!) : null;
}
