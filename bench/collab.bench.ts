// `npm run bench -- collab [--sessions=200 --observers=2 --duration=40 …]`:
// keystroke-to-observer latency, server CPU and memory under N live sessions,
// for Tandem's collab-server and, as the baseline in the same run, the plain
// y-websocket server. Each server runs as a child process on loopback; the
// load generator (this process) is the same for both.

import { type LoadResult, runLoad } from './collab/load.ts';
import { parseCollabBenchOptions } from './collab/options.ts';
import { cpuSeconds, MemorySampler } from './collab/process-stats.ts';
import { startTandem, startYWebsocket, type Target } from './collab/targets.ts';
import { typingScripts } from './collab/trace-typist.ts';
import { measureValidationCost } from './collab/validation-cost.ts';
import { percentile, writeReport } from './report.ts';

interface Measurement {
  target: string;
  load: LoadResult;
  cpuSeconds: number;
  peakMegabytes: number;
  endMegabytes: number;
  historyRows: number | null;
}

/** Runs the collab benchmark; see bench/collab/options.ts for the options. */
export async function run(args: string[]): Promise<void> {
  const options = parseCollabBenchOptions(args);
  const keystrokesEach = Math.ceil(options.rate * options.duration) + 10;
  const scripts = typingScripts(options.sessions, keystrokesEach);
  const measurements: Measurement[] = [];
  for (const server of options.servers) {
    process.stdout.write(
      `bench collab: ${server}, ${options.sessions} sessions × (1 + ${options.observers})…\n`,
    );
    const target =
      server === 'tandem'
        ? await startTandem(options.sessions, options.postgres)
        : await startYWebsocket();
    measurements.push(await measure(target, options, scripts));
  }
  const validation = measureValidationCost();

  const rows = measurements.map((m) => ({
    server: m.target,
    sessions: options.sessions,
    clients: options.sessions * (1 + options.observers),
    keystrokes: m.load.keystrokes,
    samples: m.load.latencies.length,
    'p50 ms': percentile(m.load.latencies, 50),
    'p99 ms': percentile(m.load.latencies, 99),
    'max ms': percentile(m.load.latencies, 100),
    undelivered: m.load.undelivered,
    'server cpu %': (100 * m.cpuSeconds) / m.load.typingSeconds,
    'rss peak MB': m.peakMegabytes,
    'history rows': m.historyRows ?? '-',
  }));
  const tandem = measurements.find((m) => m.target === 'tandem');
  const baseline = measurements.find((m) => m.target === 'y-websocket');
  const notes: string[] = [
    `${options.rate} keystrokes/s per candidate for ${options.duration} s of the sveltecomponent trace; latency = candidate transaction to observer document, loopback; cpu % of one core over the typing window.`,
    `limits check per keystroke on a ${validation.documentBytes}-byte document: ${validation.decodeMicros.toFixed(1)} µs decoding the update (used) vs ${validation.cloneMicros.toFixed(1)} µs applying it to a clone.`,
  ];
  if (tandem && baseline) {
    const p99 = percentile(tandem.load.latencies, 99) / percentile(baseline.load.latencies, 99);
    const p50 = percentile(tandem.load.latencies, 50) / percentile(baseline.load.latencies, 50);
    const cpu = tandem.cpuSeconds / baseline.cpuSeconds;
    notes.push(
      `tandem / y-websocket: p50 ${p50.toFixed(2)}x, p99 ${p99.toFixed(2)}x, server cpu ${cpu.toFixed(2)}x.`,
      `target (ARCHITECTURE.md): p99 < 25 ms and <= 1.5x the baseline: ${
        percentile(tandem.load.latencies, 99) < 25 && p99 <= 1.5 ? 'met' : 'NOT met'
      }.`,
    );
  }
  writeReport({
    name: 'collab',
    parameters: { ...options, cpus: (await import('node:os')).cpus().length },
    rows,
    notes,
  });
}

async function measure(
  target: Target,
  options: ReturnType<typeof parseCollabBenchOptions>,
  scripts: ReturnType<typeof typingScripts>,
): Promise<Measurement> {
  const memory = new MemorySampler(target.pid);
  let cpuAtStart = 0;
  let cpuUsed = 0;
  let load: LoadResult;
  try {
    load = await runLoad(
      {
        sessions: options.sessions,
        observers: options.observers,
        rate: options.rate,
        warmupSeconds: options.warmup,
        durationSeconds: options.duration,
      },
      scripts,
      target.open,
      {
        onTypingStart: () => {
          cpuAtStart = cpuSeconds(target.pid);
        },
        onTypingEnd: () => {
          cpuUsed = cpuSeconds(target.pid) - cpuAtStart;
        },
      },
    );
  } catch (error) {
    memory.stop();
    await target.stop().catch(() => {});
    throw error;
  }
  memory.stop();
  const { historyRows } = await target.stop();
  return {
    target: target.name,
    load,
    cpuSeconds: cpuUsed,
    peakMegabytes: memory.peak,
    endMegabytes: memory.last,
    historyRows,
  };
}
