import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { GCProfiler, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The environment variable naming the file a child writes its samples to. */
export const LOOP_DELAY_FILE_VARIABLE = 'BENCH_LOOP_DELAY_FILE';
/**
 * The environment variable naming where a child writes its profiles of the
 * measured stretch (`<prefix>.cpuprofile`, `<prefix>.heapprofile`): from its
 * second heap request (warm, before typing) to its third (after the gap).
 */
export const PROFILE_VARIABLE = 'BENCH_PROFILE_PREFIX';

const TICK_MS = 10;
/** How often the garbage collector's statistics are taken (ms). */
const GC_PERIOD_MS = 1000;
/** A loop delay above this counts as a long task (ms). */
export const LONG_TASK_MS = 10;

/** What a child writes when stopped. */
interface Samples {
  /** `[time, delay, time, delay, …]`: wall-clock ms and how late the 10 ms timer fired. */
  loop: number[];
  /**
   * `[time, collections, ms, allocated bytes, major collections, major ms, …]`,
   * one entry per second: the garbage collector's work in the second that
   * ended at `time`.
   */
  gc: number[];
}

/**
 * For the benchmark's child servers:
 * - a 10 ms timer notes how late it fires (the event-loop delay a message
 *   would have met) with the wall-clock time;
 * - every second, the garbage collector's statistics (v8.GCProfiler): how
 *   many collections, how long they took, and the bytes allocated since the
 *   last one (each collection's heap before it, less the heap the previous
 *   one left; what the program allocated between them);
 * - on SIGUSR2 a full collection (the heap then is what the server retains),
 *   printed as `bench-heap <n> <bytes>` (n counts the requests);
 * - on SIGTERM the samples go to the file named by BENCH_LOOP_DELAY_FILE
 *   before `stop` runs.
 * The benchmark keeps the samples of its typing windows (loopDelayIn), so
 * nothing has to tell the child when a window starts.
 */
export function reportLoopDelay(stop: () => Promise<void>): void {
  const samples: Samples = { loop: [], gc: [] };
  let expected = performance.now() + TICK_MS;
  const timer = setInterval(() => {
    const now = performance.now();
    samples.loop.push(Date.now(), Math.max(0, Math.round((now - expected) * 10) / 10));
    expected = now + TICK_MS;
  }, TICK_MS);
  let profiler = new GCProfiler();
  profiler.start();
  let heapAfterLast = process.memoryUsage().heapUsed;
  const takeGc = () => {
    const result = profiler.stop();
    profiler = new GCProfiler();
    profiler.start();
    let count = 0;
    let ms = 0;
    let allocated = 0;
    let major = 0;
    let majorMs = 0;
    for (const event of result?.statistics ?? []) {
      count += 1;
      ms += event.cost / 1000;
      allocated += Math.max(0, event.beforeGC.heapStatistics.usedHeapSize - heapAfterLast);
      heapAfterLast = event.afterGC.heapStatistics.usedHeapSize;
      if (event.gcType === 'MarkSweepCompact') {
        major += 1;
        majorMs += event.cost / 1000;
      }
    }
    samples.gc.push(Date.now(), count, ms, allocated, major, majorMs);
  };
  const gcTimer = setInterval(takeGc, GC_PERIOD_MS);
  let requests = 0;
  process.on('SIGUSR2', () => {
    requests += 1;
    const heap = fullCollection();
    // Collections forced here are the benchmark's, not the server's.
    profiler.stop();
    profiler = new GCProfiler();
    profiler.start();
    heapAfterLast = heap;
    const prefix = process.env[PROFILE_VARIABLE];
    const report = () => process.stdout.write(`bench-heap ${requests} ${heap}\n`);
    if (prefix && requests === 2) startProfiles().then(report, report);
    else if (prefix && requests === 3) stopProfiles(prefix).then(report, report);
    else report();
  });
  process.on('SIGTERM', () => {
    clearInterval(timer);
    clearInterval(gcTimer);
    takeGc();
    profiler.stop();
    // A file, not stdout: the server's own log lines would interleave with a long line.
    const file = process.env[LOOP_DELAY_FILE_VARIABLE];
    if (file) writeFileSync(file, JSON.stringify(samples));
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  // Signals sent before this line would meet Node's default (SIGUSR2 ends the process).
  process.stdout.write(`${READY_LINE}\n`);
}

/** What a child prints once it handles the benchmark's signals (the benchmark waits for it). */
export const READY_LINE = 'bench-loop-delay ready';

let inspector: Session | null = null;

/** CPU profile (1 ms samples) and allocation sampling (every 32 KB, collected objects included). */
async function startProfiles(): Promise<void> {
  inspector = new Session();
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.setSamplingInterval', { interval: 1000 });
  await inspector.post('Profiler.start');
  await inspector.post('HeapProfiler.enable');
  await inspector.post('HeapProfiler.startSampling', {
    samplingInterval: 32 * 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
}

async function stopProfiles(prefix: string): Promise<void> {
  if (!inspector) return;
  const { profile } = await inspector.post('Profiler.stop');
  writeFileSync(`${prefix}.cpuprofile`, JSON.stringify(profile));
  const { profile: heap } = await inspector.post('HeapProfiler.stopSampling');
  writeFileSync(`${prefix}.heapprofile`, JSON.stringify(heap));
  inspector.disconnect();
  inspector = null;
}

/** Collects garbage fully (twice: weak references and finalizers) and returns the heap used (bytes). */
function fullCollection(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
  /** Timer ticks that came more than LONG_TASK_MS late (something held the loop, or the core). */
  longTasks: number;
  /** Ms the loop was held past LONG_TASK_MS, summed over those ticks. */
  longTaskMs: number;
  /** Garbage collection within the windows (seconds overlapping them). */
  gc: { count: number; ms: number; allocated: number; major: number; majorMs: number };
}

/**
 * The delays (ms) a child wrote to `file` (then removed) within the [start,
 * end] wall-clock `windows`, and its collections within `gcWindows`.
 */
export function loopDelayIn(
  file: string,
  windows: [number, number][],
  gcWindows: [number, number][] = windows,
): LoopDelay | null {
  let samples: Samples;
  try {
    samples = JSON.parse(readFileSync(file, 'utf8')) as Samples;
  } catch {
    return null;
  }
  rmSync(file, { force: true });
  const inside = (list: [number, number][], at: number) =>
    list.some(([start, end]) => at >= start && at <= end);
  const delays: number[] = [];
  for (let i = 0; i < samples.loop.length; i += 2) {
    if (inside(windows, samples.loop[i]!)) delays.push(samples.loop[i + 1]!);
  }
  if (delays.length === 0) return null;
  const gc = { count: 0, ms: 0, allocated: 0, major: 0, majorMs: 0 };
  for (let i = 0; i < samples.gc.length; i += 6) {
    // The second that ended at this time overlaps a window.
    const at = samples.gc[i]!;
    if (!inside(gcWindows, at) && !inside(gcWindows, at - GC_PERIOD_MS)) continue;
    gc.count += samples.gc[i + 1]!;
    gc.ms += samples.gc[i + 2]!;
    gc.allocated += samples.gc[i + 3]!;
    gc.major += samples.gc[i + 4]!;
    gc.majorMs += samples.gc[i + 5]!;
  }
  const long = delays.filter((delay) => delay > LONG_TASK_MS);
  delays.sort((a, b) => a - b);
  const at = (q: number) =>
    delays[Math.min(delays.length - 1, Math.ceil((q / 100) * delays.length) - 1)]!;
  return {
    p50: at(50),
    p99: at(99),
    max: delays.at(-1)!,
    longTasks: long.length,
    longTaskMs: long.reduce((sum, delay) => sum + delay, 0),
    gc,
  };
}
