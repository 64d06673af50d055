// `npm run bench -- collab [--sessions=200 --observers=2 --duration=40 …]`:
// keystroke-to-observer latency, server CPU and memory under N live sessions
// for Tandem's collab-server, bare Hocuspocus (what it builds on) and, as the
// baseline, the plain y-websocket server, all in the same run. Each server
// runs as its own child process on loopback; this process is the load
// generator for all of them. The servers take turns in 5-second windows, so a
// change in the machine's background load during the run weighs on all alike.
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { LiveSessions, sleep } from './collab/load.ts';
import { type CollabBenchOptions, parseCollabBenchOptions } from './collab/options.ts';
import { cpuSeconds, MemorySampler } from './collab/process-stats.ts';
import {
  startHocuspocus,
  startTandem,
  startYWebsocket,
  type Target,
  type TargetSummary,
} from './collab/targets.ts';
import { typingScripts } from './collab/trace-typist.ts';
import { measureValidationCost } from './collab/validation-cost.ts';
import { percentile, writeReport } from './report.ts';

const WINDOW_SECONDS = 5;
const DRAIN_MS = 1000;

interface Run {
  target: Target;
  sessions: LiveSessions | null;
  memory: MemorySampler;
  cpuSeconds: number;
  /** CPU seconds of this process (the load generator) while this server was typed to. */
  generatorCpuSeconds: number;
  /** The generator's event-loop delay while this server was typed to. */
  generatorLag: ReturnType<typeof monitorEventLoopDelay>;
  typingSeconds: number;
  /** Wall-clock [start, end] of each typing window. */
  windows: [number, number][];
  summary: TargetSummary | null;
}

/** Runs the collab benchmark; see bench/collab/options.ts for the options. */
export async function run(args: string[]): Promise<void> {
  const options = parseCollabBenchOptions(args);
  const rounds = Math.max(1, Math.round(options.duration / WINDOW_SECONDS));
  const scripts = typingScripts(
    options.sessions,
    Math.ceil(options.rate * rounds * WINDOW_SECONDS) + 10,
  );
  const load = [loadavg()[0]!];
  const runs: Run[] = [];
  try {
    for (const server of options.servers) {
      process.stdout.write(
        `bench collab: starting ${server} and ${options.sessions} × (1 + ${options.observers}) clients\n`,
      );
      const target =
        server === 'tandem'
          ? await startTandem(options.sessions, options.postgres, options.profile)
          : server === 'hocuspocus'
            ? await startHocuspocus()
            : await startYWebsocket();
      const memory = new MemorySampler(target.pid);
      const run: Run = {
        target,
        memory,
        sessions: null,
        cpuSeconds: 0,
        generatorCpuSeconds: 0,
        generatorLag: monitorEventLoopDelay({ resolution: 5 }),
        typingSeconds: 0,
        windows: [],
        summary: null,
      };
      runs.push(run);
      run.sessions = await LiveSessions.open(
        options.sessions,
        options.observers,
        scripts,
        target.open,
      );
    }
    await Promise.all(runs.map((run) => run.sessions!.start(options.warmup)));
    process.stdout.write(
      `bench collab: typing, ${rounds} windows of ${WINDOW_SECONDS} s per server\n`,
    );
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? runs : [...runs].reverse();
      for (const run of order) {
        const cpuBefore = cpuSeconds(run.target.pid);
        const generatorBefore = process.cpuUsage();
        const started = performance.now();
        run.generatorLag.enable();
        const windowStart = Date.now();
        await run.sessions!.typeFor(WINDOW_SECONDS, options.rate);
        run.windows.push([windowStart, Date.now()]);
        run.generatorLag.disable();
        run.typingSeconds += (performance.now() - started) / 1000;
        run.cpuSeconds += cpuSeconds(run.target.pid) - cpuBefore;
        const generator = process.cpuUsage(generatorBefore);
        run.generatorCpuSeconds += (generator.user + generator.system) / 1e6;
        await sleep(DRAIN_MS);
      }
      load.push(loadavg()[0]!);
    }
  } finally {
    for (const run of runs) {
      run.sessions?.close();
      run.memory.stop();
      run.summary = await run.target.stop(run.windows).catch((error: unknown) => {
        process.stderr.write(`bench collab: stopping ${run.target.name}: ${String(error)}\n`);
        return null;
      });
    }
  }
  report(options, runs, load);
}

function ackColumn(latencies: number[]): string {
  if (latencies.length === 0) return '-';
  return `${percentile(latencies, 50).toFixed(1)} / ${percentile(latencies, 99).toFixed(1)}`;
}

function report(options: CollabBenchOptions, runs: Run[], load: number[]): void {
  const validation = measureValidationCost();
  const latency = (run: Run, q: number) => percentile(run.sessions!.latencies, q);
  const cpuShare = (run: Run) => run.cpuSeconds / run.typingSeconds;
  const rows = runs.map((run) => ({
    server: run.target.name,
    sessions: options.sessions,
    clients: options.sessions * (1 + options.observers),
    keystrokes: run.sessions!.keystrokes,
    samples: run.sessions!.latencies.length,
    'p50 ms': latency(run, 50),
    'p99 ms': latency(run, 99),
    'max ms': latency(run, 100),
    undelivered: run.sessions!.undelivered(),
    'server cpu %': 100 * cpuShare(run),
    'server loop delay p99 ms': run.summary?.loopDelay?.p99 ?? '-',
    'rss peak MB': run.memory.peak,
    'generator cpu %': (100 * run.generatorCpuSeconds) / run.typingSeconds,
    'generator lag p99 ms': run.generatorLag.percentile(99) / 1e6,
    'history rows': run.summary?.historyRows ?? '-',
    // Keystroke to acknowledgement: applied in the server's memory (the
    // provider's counter, what "saved" meant before) and in the database
    // (the durable acknowledgement, decision 016).
    'applied ack p50/p99 ms': ackColumn(run.sessions!.acks('applied')),
    'durable ack p50/p99 ms': ackColumn(run.sessions!.acks('durable')),
  }));
  const notes = [
    `${options.rate} keystrokes/s per candidate (sveltecomponent trace), servers taking turns in ${WINDOW_SECONDS} s windows; latency = candidate transaction to observer document over loopback; cpu % of one core while typing; generator = this process, which runs every client.`,
    `machine: ${cpus().length} cores, 1-minute load average ${load.map((value) => value.toFixed(1)).join(' → ')} (other work on the machine shows here).`,
    `limits check per keystroke on a ${validation.documentBytes}-byte document: ${validation.decodeMicros.toFixed(1)} µs decoding the update (what the server does; ${validation.copied} needed a copy) vs ${validation.cloneMicros.toFixed(0)} µs applying it to a clone.`,
  ];
  const tandem = runs.find((run) => run.target.name === 'tandem');
  for (const base of runs.filter((run) => run !== tandem)) {
    if (!tandem) break;
    notes.push(
      `tandem / ${base.target.name}: p50 ${(latency(tandem, 50) / latency(base, 50)).toFixed(2)}x, p99 ${(latency(tandem, 99) / latency(base, 99)).toFixed(2)}x, server cpu ${(cpuShare(tandem) / cpuShare(base)).toFixed(2)}x.`,
    );
  }
  const baseline = runs.find((run) => run.target.name === 'y-websocket');
  if (tandem && baseline) {
    const met = latency(tandem, 99) < 25 && latency(tandem, 99) / latency(baseline, 99) <= 1.5;
    notes.push(
      `target (ARCHITECTURE.md): p99 < 25 ms and <= 1.5x y-websocket: ${met ? 'met' : 'NOT met'}.`,
    );
  }
  writeReport({
    name: 'collab',
    parameters: {
      ...options,
      windowSeconds: WINDOW_SECONDS,
      cpus: cpus().length,
      loadAverage: load,
    },
    rows,
    notes,
  });
}
