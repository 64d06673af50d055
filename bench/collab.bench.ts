// `npm run bench -- collab [--quick] [--sizes=50,200,500 …]` (issue 17): what
// a keystroke costs Tandem's collab-server against y-websocket, bare
// Hocuspocus and Hocuspocus with @hocuspocus/extension-database storing to
// the same Postgres, measured so that a loaded 2-core machine cannot fake it:
// - each server runs alone, in its own process pinned to core 0; its clients
//   run in load-generator processes pinned to the other core(s), each
//   reporting its own event-loop lag;
// - servers take turns ABAB over several rounds, each started fresh, typed
//   to, then left quiet for `gap` seconds so its deferred work (debounced
//   stores) is counted to it and lands in nobody else's window;
// - CPU is the server's and its Postgres backends' (pg_stat_activity pids,
//   /proc), from the first keystroke to the end of the quiet gap;
// - a keystroke an observer never received counts as a failure: it is
//   reported, and it sits at +∞ in the latency percentiles.
// The headline is CPU-seconds per 1,000 keystrokes (server + database).
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { BackendCpu } from './collab/backend-cpu.ts';
import type { GeneratorReport } from './collab/generator.ts';
import { Generators, SERVER_CORE } from './collab/generators.ts';
import { sleep } from './collab/load.ts';
import { LONG_TASK_MS, type LoopDelay } from './collab/loop-delay.ts';
import {
  type CollabBenchOptions,
  parseCollabBenchOptions,
  type ServerName,
} from './collab/options.ts';
import { cpuSeconds, MemorySampler, mainThreadCpuSeconds } from './collab/process-stats.ts';
import {
  startHocuspocus,
  startHocuspocusDatabase,
  startTandem,
  startYWebsocket,
  type Target,
} from './collab/targets.ts';
import { percentile, writeReport } from './report.ts';

const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
/** Sessions per load generator process when --generators is not given. */
const SESSIONS_PER_GENERATOR = 250;

/** One server measured once, alone. */
interface Measurement {
  server: ServerName;
  sessions: number;
  round: number;
  serverCpu: number;
  /** The part of serverCpu on the main thread; the rest is V8's and libuv's helper threads. */
  mainThreadCpu: number;
  databaseCpu: number;
  /** Seconds from the first keystroke to the end of the quiet gap. */
  seconds: number;
  generators: GeneratorReport[];
  loopDelay: LoopDelay | null;
  rssPeak: number;
  historyRows: number | null;
  /** Heap after a full collection: at start (no clients), warm (clients synced, files pasted), end (after the gap). */
  heap: { start: number; warm: number; end: number };
}

/** Runs the collab benchmark; see bench/collab/options.ts for the options. */
export async function run(args: string[]): Promise<void> {
  const options = parseCollabBenchOptions(args);
  const postgres = options.postgres ?? process.env.BENCH_POSTGRES_URL ?? DEFAULT_POSTGRES;
  const load = [loadavg()[0]!];
  const measurements: Measurement[] = [];
  for (const sessions of options.sizes) {
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? options.servers : [...options.servers].reverse();
      for (const server of order) {
        process.stdout.write(
          `bench collab: ${sessions} sessions, round ${round + 1}/${options.rounds}: ${server}\n`,
        );
        const measurement = await measure(server, sessions, round, options, postgres);
        measurements.push(measurement);
        load.push(loadavg()[0]!);
        process.stdout.write(
          `bench collab:   ${perThousand(measurement).toFixed(3)} CPU-s per 1,000 keystrokes, ` +
            `${keystrokes([measurement])} keystrokes, ${undelivered([measurement])} undelivered\n`,
        );
      }
    }
  }
  report(options, postgres, measurements, load);
}

async function start(
  server: ServerName,
  sessions: number,
  options: CollabBenchOptions,
  postgres: string,
): Promise<Target> {
  switch (server) {
    case 'tandem':
      return startTandem(sessions, postgres, options.profile);
    case 'hocuspocus+database':
      return startHocuspocusDatabase(postgres, options.profile);
    case 'hocuspocus':
      return startHocuspocus(options.profile);
    case 'y-websocket':
      return startYWebsocket(options.profile);
  }
}

async function measure(
  server: ServerName,
  sessions: number,
  round: number,
  options: CollabBenchOptions,
  postgres: string,
): Promise<Measurement> {
  const target = await start(server, sessions, options, postgres);
  pinToServerCore(target.pid);
  const memory = new MemorySampler(target.pid);
  const heap = { start: 0, warm: 0, end: 0 };
  let generators: Generators | null = null;
  let backends: BackendCpu | null = null;
  const window: [number, number] = [0, 0];
  try {
    heap.start = await target.heap();
    generators = await Generators.start(
      {
        clients: target.clients,
        sessions,
        observers: options.observers,
        keystrokesEach: Math.ceil(options.rate * options.duration) + 10,
      },
      options.generators || Math.ceil(sessions / SESSIONS_PER_GENERATOR),
    );
    await generators.warmup(options.warmup);
    heap.warm = await target.heap();
    backends = target.database ? new BackendCpu(target.database) : null;
    await backends?.start();
    const cpuBefore = cpuSeconds(target.pid);
    const mainBefore = mainThreadCpuSeconds(target.pid);
    window[0] = Date.now();
    await generators.type(options.duration, options.rate);
    window[1] = Date.now();
    await sleep(options.gap * 1000);
    const serverCpu = cpuSeconds(target.pid) - cpuBefore;
    const mainThreadCpu = mainThreadCpuSeconds(target.pid) - mainBefore;
    const databaseCpu = (await backends?.stop()) ?? 0;
    backends = null;
    const seconds = (Date.now() - window[0]) / 1000;
    const end = Date.now();
    heap.end = await target.heap();
    const reports = await generators.report();
    await generators.close();
    generators = null;
    memory.stop();
    // Loop delay while typed to; garbage collection until the end of the gap (deferred stores).
    const summary = await target.stop([window], [[window[0], end]]);
    return {
      server,
      sessions,
      round,
      serverCpu,
      mainThreadCpu,
      databaseCpu,
      seconds,
      generators: reports,
      loopDelay: summary.loopDelay,
      rssPeak: memory.peak,
      historyRows: summary.historyRows,
      heap,
    };
  } catch (error) {
    memory.stop();
    await backends?.stop().catch(() => 0);
    await generators?.close();
    await target.stop([]).catch(() => null);
    throw error;
  }
}

/** Keeps the server (every thread) on its core, apart from the generators. */
function pinToServerCore(pid: number): void {
  if (cpus().length < 2) return;
  execFileSync('taskset', ['-a', '-pc', String(SERVER_CORE), String(pid)], { stdio: 'ignore' });
}

function keystrokes(runs: Measurement[]): number {
  return runs.reduce((sum, run) => sum + run.generators.reduce((s, g) => s + g.keystrokes, 0), 0);
}

function undelivered(runs: Measurement[]): number {
  return runs.reduce((sum, run) => sum + run.generators.reduce((s, g) => s + g.undelivered, 0), 0);
}

function cpuOf(runs: Measurement[]): number {
  return runs.reduce((sum, run) => sum + run.serverCpu + run.databaseCpu, 0);
}

/** The headline: CPU-seconds (server + database) per 1,000 keystrokes. */
function perThousand(...runs: Measurement[]): number {
  return (1000 * cpuOf(runs)) / Math.max(1, keystrokes(runs));
}

/** A per-run count summed over runs, per 1,000 keystrokes. */
function perKeys(runs: Measurement[], count: (run: Measurement) => number): number {
  return (1000 * runs.reduce((sum, run) => sum + count(run), 0)) / Math.max(1, keystrokes(runs));
}

/** Latencies with every undelivered keystroke at +∞. */
function latencies(runs: Measurement[]): number[] {
  const values = runs.flatMap((run) => run.generators.flatMap((g) => g.latencies));
  for (let i = undelivered(runs); i > 0; i--) values.push(Number.POSITIVE_INFINITY);
  return values;
}

function pair(values: number[]): string {
  if (values.length === 0) return '-';
  const show = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : 'lost');
  return `${show(percentile(values, 50))} / ${show(percentile(values, 99))}`;
}

function mean(values: number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

function report(
  options: CollabBenchOptions,
  postgres: string,
  measurements: Measurement[],
  load: number[],
): void {
  const rows = [];
  const notes: string[] = [];
  const summaries = new Map<string, { cpu: number; loop: number }>();
  for (const sessions of options.sizes) {
    for (const server of options.servers) {
      const runs = measurements.filter((m) => m.sessions === sessions && m.server === server);
      if (runs.length === 0) continue;
      const loops = runs.map((run) => run.loopDelay?.p99 ?? Number.NaN);
      const generators = runs.flatMap((run) => run.generators);
      const cpu = perThousand(...runs);
      summaries.set(`${sessions}/${server}`, { cpu, loop: mean(loops) });
      const typed = generators.reduce((sum, g) => sum + g.typingSeconds, 0);
      rows.push({
        sessions,
        server,
        keystrokes: keystrokes(runs),
        'cpu-s / 1k keys': cpu,
        'per round': runs.map((run) => perThousand(run).toFixed(3)).join(', '),
        'server cpu s': runs.reduce((sum, run) => sum + run.serverCpu, 0),
        'main thread cpu s': runs.reduce((sum, run) => sum + run.mainThreadCpu, 0),
        'db cpu s': runs.reduce((sum, run) => sum + run.databaseCpu, 0),
        'latency p50 / p99 ms': pair(latencies(runs)),
        undelivered: undelivered(runs),
        'loop p99 ms (rounds)': loops.map((loop) => loop.toFixed(1)).join(', '),
        'long tasks / 1k keys': perKeys(runs, (run) => run.loopDelay?.longTasks ?? Number.NaN),
        'gc ms / 1k keys': perKeys(runs, (run) => run.loopDelay?.gc.ms ?? Number.NaN),
        'gc count / 1k keys': perKeys(runs, (run) => run.loopDelay?.gc.count ?? Number.NaN),
        'major gc / 1k keys': perKeys(runs, (run) => run.loopDelay?.gc.major ?? Number.NaN),
        'alloc KB / key':
          perKeys(runs, (run) => run.loopDelay?.gc.allocated ?? Number.NaN) / 1024 / 1000,
        'heap KB / session warm, end': [
          mean(runs.map((run) => (run.heap.warm - run.heap.start) / 1024 / sessions)).toFixed(1),
          mean(runs.map((run) => (run.heap.end - run.heap.start) / 1024 / sessions)).toFixed(1),
        ].join(', '),
        'durable ack p50 / p99 ms': pair(generators.flatMap((g) => g.durable)),
        'rss peak MB': Math.max(...runs.map((run) => run.rssPeak)),
        'generator lag p99 ms': Math.max(...generators.map((g) => g.lagP99)),
        'generator cpu %': (100 * generators.reduce((sum, g) => sum + g.cpuSeconds, 0)) / typed,
      });
    }
    const tandem = summaries.get(`${sessions}/tandem`);
    const base = summaries.get(`${sessions}/hocuspocus+database`);
    if (tandem && base) {
      const cpu = tandem.cpu / base.cpu;
      const loop = tandem.loop / base.loop;
      notes.push(
        `${sessions} sessions: tandem / hocuspocus+database: cpu per keystroke ${cpu.toFixed(2)}x (target <= 1.3x: ${cpu <= 1.3 ? 'met' : 'NOT met'}), loop delay p99 ${loop.toFixed(2)}x (target <= 1.5x: ${loop <= 1.5 ? 'met' : 'NOT met'}).`,
      );
    }
  }
  notes.push(
    `${options.rate} keystrokes/s per candidate, ${options.observers} observers each (sveltecomponent trace); each server alone, ABAB over ${options.rounds} rounds: ${options.warmup} s warm-up, ${options.duration} s typing, ${options.gap} s quiet gap.`,
    'cpu = server process + its Postgres backends, first keystroke to end of the quiet gap (main thread cpu: its event loop; the rest of server cpu is V8’s collector and compiler threads); latency = candidate transaction to observer document, undelivered keystrokes counted as lost (+inf); loop p99 = the server’s event-loop delay while typed to.',
    `long tasks = 10 ms timer ticks more than ${LONG_TASK_MS} ms late while typed to; gc (v8.GCProfiler) and bytes allocated (each collection's heap before it less the previous one's after) from the first keystroke to the end of the gap; heap per session = heap after a full collection (warm: clients synced and files pasted; end: after the gap) less the heap before any client, divided by the sessions.`,
    `server pinned to core ${SERVER_CORE}, generators to the others; Postgres ${new URL(postgres).host}; machine: ${cpus().length} cores, 1-minute load average ${load.map((value) => value.toFixed(1)).join(' → ')}.`,
  );
  writeReport({
    name: 'collab',
    parameters: {
      ...options,
      postgres: new URL(postgres).host,
      cpus: cpus().length,
      loadAverage: load,
    },
    rows,
    notes,
  });
}
