// `npm run bench -- collab-abuse [--sessions=50 --observers=1 --duration=8
// --attacks=step2-flood,… --servers=tandem,hocuspocus --profile=folder …]`:
// does one session's abuse slow everyone else down? (issue 12). For Tandem's
// collab-server and, as the baseline, bare Hocuspocus (no limits at all), in
// the same run: N normal sessions type the trace while one hostile client
// (bench/collab/hostile.ts, a process of its own) repeats one attack against
// a session of its own; each row is the normal sessions' keystroke-to-observer
// latency during that attack, beside a quiet window. Target: Tandem's p99
// stays under 100 ms whatever the attack.
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { startNode } from '../tests/support/process.ts';
import { ATTACKS, type Attack } from './collab/attacks.ts';
import { LiveSessions, sleep } from './collab/load.ts';
import type { LoopDelay } from './collab/loop-delay.ts';
import { type CollabBenchOptions, parseCollabBenchOptions } from './collab/options.ts';
import { startHocuspocus, startTandem, type Target } from './collab/targets.ts';
import { typingScripts } from './collab/trace-typist.ts';
import { percentile, writeReport } from './report.ts';

const DRAIN_MS = 1000;
const TARGET_P99_MS = 100;

interface Window {
  server: string;
  attack: Attack | 'none';
  latencies: number[];
  undelivered: number;
  hostile: { sent: number; connections: number; closes: Record<string, number> } | null;
}

/** The server's event-loop delay over all of its attack windows. */
interface ServerLoop {
  server: string;
  loop: LoopDelay | null;
}

/** Runs the abuse benchmark; takes the options of `collab` (its defaults scaled down). */
export async function run(args: string[]): Promise<void> {
  const { attacks, rest } = readAttacks(args);
  const options = parseCollabBenchOptions([
    '--sessions=50',
    '--observers=1',
    '--duration=8',
    '--warmup=3',
    ...rest,
  ]);
  const cases: (Attack | 'none')[] = ['none', ...attacks];
  const servers = (['tandem', 'hocuspocus'] as const).filter((name) =>
    options.servers.includes(name),
  );
  const scripts = typingScripts(
    options.sessions,
    Math.ceil(options.rate * options.duration * cases.length) + 20,
  );
  const load = [loadavg()[0]!];
  const windows: Window[] = [];
  const loops: ServerLoop[] = [];
  for (const server of servers) {
    process.stdout.write(
      `bench collab-abuse: ${server}, ${options.sessions} sessions × (1 + ${options.observers}) clients + 1 hostile\n`,
    );
    // One session more than the typists: the hostile client's own.
    const target: Target =
      server === 'tandem'
        ? await startTandem(options.sessions + 1, options.postgres, options.profile)
        : await startHocuspocus(options.profile);
    // With --profile, the server profiles from its second heap request to its third (loop-delay.ts).
    if (options.profile) {
      await target.heap();
      await target.heap();
    }
    let sessions: LiveSessions | null = null;
    const attackWindows: [number, number][] = [];
    try {
      sessions = await LiveSessions.open(options.sessions, options.observers, scripts, target.open);
      await sessions.start(options.warmup);
      for (const attack of cases) {
        const before = sessions.latencies.length;
        const startedAt = Date.now();
        const undeliveredBefore = sessions.undelivered();
        const hostile =
          attack === 'none'
            ? null
            : startHostile(target, options.sessions, attack, options.duration);
        await sessions.typeFor(options.duration, options.rate);
        const report = hostile ? await hostile : null;
        await sleep(DRAIN_MS);
        if (hostile) attackWindows.push([startedAt, Date.now()]);
        windows.push({
          server,
          attack,
          latencies: sessions.latencies.slice(before),
          undelivered: sessions.undelivered() - undeliveredBefore,
          hostile: report,
        });
        process.stdout.write(
          `bench collab-abuse: ${server} ${attack}: p99 ${p(windows.at(-1)!.latencies, 99)} ms\n`,
        );
      }
      load.push(loadavg()[0]!);
    } finally {
      sessions?.close();
      if (options.profile) await target.heap().catch(() => 0);
      const summary = await target.stop(attackWindows).catch((error: unknown) => {
        process.stderr.write(`bench collab-abuse: stopping ${server}: ${String(error)}\n`);
        return null;
      });
      loops.push({ server, loop: summary?.loopDelay ?? null });
    }
  }
  report(options, windows, loops, load);
}

/** `--attacks=a,b` (default: all of ATTACKS) and the arguments left for the collab options. */
function readAttacks(args: string[]): { attacks: Attack[]; rest: string[] } {
  const option = args.find((arg) => arg.startsWith('--attacks='));
  const rest = args.filter((arg) => arg !== option);
  if (!option) return { attacks: [...ATTACKS], rest };
  const names = option.slice('--attacks='.length).split(',');
  const unknown = names.filter((name) => !(ATTACKS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(`bench collab-abuse: --attacks takes ${ATTACKS.join(', ')}; not ${unknown}`);
  }
  return { attacks: names as Attack[], rest };
}

/** Runs one hostile client for `seconds`; resolves with what it printed. */
async function startHostile(
  target: Target,
  session: number,
  attack: Attack,
  seconds: number,
): Promise<Window['hostile']> {
  const endpoint = target.endpoint(session, attack === 'presence-spoof' ? 'observer' : 'candidate');
  const child = startNode(join(import.meta.dirname, 'collab', 'hostile.ts'), {
    URL: endpoint.url,
    DOCUMENT: endpoint.documentName,
    TOKEN: endpoint.token,
    ATTACK: attack,
    SECONDS: String(seconds),
  });
  const code = await child.exited;
  const line = child
    .output()
    .split('\n')
    .find((text) => text.startsWith('{"attack"'));
  if (code !== 0 || !line) {
    throw new Error(
      `bench collab-abuse: the ${attack} client exited with ${code}:\n${child.output().slice(-2000)}`,
    );
  }
  return JSON.parse(line) as Window['hostile'];
}

function p(latencies: number[], q: number): number {
  return latencies.length === 0 ? Number.NaN : Math.round(percentile(latencies, q) * 10) / 10;
}

function report(
  options: CollabBenchOptions,
  windows: Window[],
  loops: ServerLoop[],
  load: number[],
): void {
  const { sessions: sessionCount, observers, rate, duration } = options;
  const rows = windows.map((window) => ({
    server: window.server,
    attack: window.attack,
    samples: window.latencies.length,
    'p50 ms': p(window.latencies, 50),
    'p99 ms': p(window.latencies, 99),
    'max ms': p(window.latencies, 100),
    undelivered: window.undelivered,
    'hostile sends': window.hostile?.sent ?? '-',
    'hostile connections': window.hostile?.connections ?? '-',
    'close codes': window.hostile
      ? Object.entries(window.hostile.closes)
          .map(([code, times]) => `${code}×${times}`)
          .join(' ') || '-'
      : '-',
  }));
  const tandem = windows.filter((window) => window.server === 'tandem' && window.attack !== 'none');
  const worst = Math.max(...tandem.map((window) => p(window.latencies, 99)));
  const notes = [
    `${sessionCount} normal sessions (1 candidate typing ${rate} keystrokes/s + ${observers} observer), ${duration} s per attack; latency = candidate transaction to observer document over loopback, normal sessions only; the hostile client runs in its own process against a session of its own.`,
    `machine: ${cpus().length} cores, 1-minute load average ${load.map((value) => value.toFixed(1)).join(' → ')}.`,
    ...loops.map(
      ({ server, loop }) =>
        `${server} event-loop delay during the attack windows: ${
          loop ? `p50 ${loop.p50} ms, p99 ${loop.p99} ms, max ${loop.max} ms` : 'not measured'
        }.`,
    ),
    `target (issue 12): another session's p99 under ${TARGET_P99_MS} ms during every attack on Tandem: worst ${worst} ms, ${worst < TARGET_P99_MS ? 'met' : 'NOT met'}.`,
  ];
  writeReport({
    name: 'collab-abuse',
    parameters: {
      sessions: sessionCount,
      observers,
      rate,
      duration,
      cpus: cpus().length,
      loadAverage: load,
      loopDelay: Object.fromEntries(loops.map(({ server, loop }) => [server, loop])),
    },
    rows,
    notes,
  });
}
