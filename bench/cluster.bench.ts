// `npm run bench -- cluster [--quick] [--kills N] [--sessions a,b,c] [--window S]`:
// session ownership across bridges (decision 024), on real processes.
// Needs Postgres (TEST_DATABASE_URL: bridges share the lease table) and Redis
// is not needed (one collab-server).
//
// 1. Sessions per bridge at a fixed CPU budget: one bridge process serves N
//    live sessions, each with a typist (2 edits/s from an editing trace) and a
//    terminal appending a line a second; the bridge's CPU-seconds over a
//    window (from /proc, so other load on the machine does not count) give the
//    CPU per session, and so how many sessions one core (and half a core)
//    carries.
// 2. Takeover time: two bridges behind a balancer, S sessions with terminals
//    open; kill -9 the bridge owning most of them, time until each session's
//    terminal acknowledges a line again (and until its lease row moved), then
//    start a fresh bridge in the dead one's place. p50/p99 over every session
//    of every kill.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { inArray, sql } from 'drizzle-orm';
import { connectClient, type TestClient } from '../collab-server/testing/clients.ts';
import { createSessions, TEST_SECRET, tokenFor } from '../collab-server/testing/fixtures.ts';
import { assessments, sessionLeases } from '../db/schema/index.ts';
import { sessionDocumentName } from '../protocol/documents.ts';
import { Balancer } from '../tests/cluster/balancer.ts';
import { TerminalKeeper } from '../tests/cluster/terminal-keeper.ts';
import { killHard, TraceTypist } from '../tests/faults/harness.ts';
import { createTestDatabase, type TestDatabase } from '../tests/support/database.ts';
import { freePort } from '../tests/support/ports.ts';
import { type RunningProcess, startNode } from '../tests/support/process.ts';
import { percentile, writeReport } from './report.ts';

const LEASE_MS = 3000;
const PATIENCE = 120_000;
/** Clock ticks per second of /proc/<pid>/stat (CLK_TCK; 100 on Linux). */
const TICKS = 100;

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/** CPU-seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3, utime 14, stime 15 (1-based in proc(5)).
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

interface Topology {
  database: TestDatabase;
  folder: string;
  collabUrl: string;
  processes: RunningProcess[];
  close(): Promise<void>;
}

async function startTopology(): Promise<Topology> {
  const database = await createTestDatabase('postgres');
  const folder = mkdtempSync(join(tmpdir(), 'tandem-bench-cluster-'));
  const collabPort = await freePort();
  const processes: RunningProcess[] = [];
  const collab = startNode('collab-server/main.ts', {
    TANDEM_SECRET: TEST_SECRET,
    DATABASE_URL: database.url!,
    COLLAB_PORT: String(collabPort),
    LOG_LEVEL: 'info',
  });
  processes.push(collab);
  await collab.waitFor('collab-server listening', PATIENCE);
  await database.db.update(assessments).set({ enableTerminal: true });
  return {
    database,
    folder,
    collabUrl: `ws://127.0.0.1:${collabPort}`,
    processes,
    close: async () => {
      await Promise.all(processes.map((child) => killHard(child)));
      await database.destroy();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function startBridge(topology: Topology, port: number): Promise<RunningProcess> {
  const bridge = startNode('sandbox-bridge/main.ts', {
    TANDEM_SECRET: TEST_SECRET,
    DATABASE_URL: topology.database.url!,
    BRIDGE_PORT: String(port),
    COLLAB_URL: topology.collabUrl,
    SANDBOX_DIR: join(topology.folder, 'sandboxes'),
    MIRROR_STATE_DIR: join(topology.folder, 'mirror'),
    ARCHIVE_DIR: join(topology.folder, 'archive'),
    SESSION_LEASE_MS: String(LEASE_MS),
    LOG_LEVEL: 'info',
  });
  topology.processes.push(bridge);
  await bridge.waitFor('sandbox-bridge listening', PATIENCE);
  return bridge;
}

const terminalUrl = async (edge: number, session: Parameters<typeof tokenFor>[0]) =>
  `ws://127.0.0.1:${edge}/terminal/${session.sessionId}?token=${encodeURIComponent(
    await tokenFor(session, 'candidate', { ttl: 3600 }),
  )}`;

/** CPU of one bridge serving `counts` live sessions in turn (sessions added between windows). */
async function capacity(counts: number[], windowS: number) {
  const topology = await startTopology();
  const clients: TestClient[] = [];
  const terminals: TerminalKeeper[] = [];
  try {
    const port = await freePort();
    const bridge = await startBridge(topology, port);
    const pid = bridge.child.pid!;
    const sessions = await createSessions(topology.database.db, Math.max(...counts));
    const typists: TraceTypist[] = [];
    const rows = [];
    for (const count of [0, ...counts]) {
      while (terminals.length < count) {
        const session = sessions[terminals.length]!;
        clients.push(
          connectClient(
            topology.collabUrl,
            sessionDocumentName(session.sessionId),
            await tokenFor(session, 'candidate'),
          ),
        );
        typists.push(new TraceTypist('main.svelte'));
        const terminal = new TerminalKeeper(await terminalUrl(port, session), 'log.txt');
        terminals.push(terminal);
        await terminal.works(PATIENCE);
      }
      // Steady load for the window: 2 edits/s per typist, a terminal line a second.
      const before = cpuSeconds(pid);
      const started = performance.now();
      let tick = 0;
      while (performance.now() - started < windowS * 1000) {
        for (const [index, client] of clients.entries()) typists[index]!.type(client.doc, 1);
        if (tick % 2 === 0) for (const terminal of terminals) terminal.tick();
        tick += 1;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const seconds = (performance.now() - started) / 1000;
      const cpu = cpuSeconds(pid) - before;
      rows.push({
        count,
        cpuPerSecond: cpu / seconds,
        lines: terminals.reduce((n, t) => n + t.acknowledged.length, 0),
      });
    }
    const idle = rows[0]!.cpuPerSecond;
    const top = rows.at(-1)!;
    // CPU per live session from the largest count, above the idle bridge.
    const perSession =
      top.count > 0 ? Math.max(1e-6, (top.cpuPerSecond - idle) / top.count) : Number.NaN;
    return {
      rows: rows.map((row) => ({
        label: `1 bridge, ${row.count} live sessions`,
        'bridge cpu s/s': row.cpuPerSecond,
        'cpu ms/s per session': row.count ? ((row.cpuPerSecond - idle) / row.count) * 1000 : 0,
        'terminal lines acked': row.lines,
      })),
      perSession,
      idle,
    };
  } finally {
    for (const terminal of terminals) terminal.close();
    for (const client of clients) client.destroy();
    await topology.close();
  }
}

/** Takeover: kill -9 the owner of most sessions, `kills` times, replacing the dead bridge each time. */
async function takeovers(kills: number, sessionCount: number) {
  const topology = await startTopology();
  const terminals: TerminalKeeper[] = [];
  const balancers: Balancer[] = [];
  const workingMs: number[] = [];
  const leaseMovedMs: number[] = [];
  try {
    const ports = [await freePort(), await freePort()];
    const bridges = await Promise.all(ports.map((port) => startBridge(topology, port)));
    const balancer = new Balancer(ports);
    balancers.push(balancer);
    const edge = await balancer.start();
    const db = topology.database.db;
    const sessions = await createSessions(db, sessionCount);
    for (const session of sessions) {
      terminals.push(new TerminalKeeper(await terminalUrl(edge, session), 'log.txt'));
    }
    await Promise.all(terminals.map((terminal) => terminal.works(PATIENCE)));
    const ids = sessions.map((session) => session.sessionId);
    for (let kill = 0; kill < kills; kill++) {
      const leases = await db
        .select({
          sessionId: sessionLeases.sessionId,
          url: sessionLeases.ownerUrl,
          generation: sessionLeases.generation,
        })
        .from(sessionLeases)
        .where(inArray(sessionLeases.sessionId, ids));
      const byUrl = new Map<string, number>();
      for (const lease of leases) byUrl.set(lease.url, (byUrl.get(lease.url) ?? 0) + 1);
      const victimUrl = [...byUrl.entries()].sort((a, b) => b[1] - a[1])[0]![0];
      const victim = ports.findIndex((port) => victimUrl.endsWith(`:${port}`));
      const owned = new Set(
        leases.filter((lease) => lease.url === victimUrl).map((l) => l.sessionId),
      );
      const generations = new Map(
        leases.map((lease) => [lease.sessionId, Number(lease.generation)]),
      );
      const killedAt = performance.now();
      await killHard(bridges[victim]!);
      // Each taken-over session: until its lease has a new generation, and until its terminal answers.
      const moved = (async () => {
        const pending = new Set(owned);
        while (pending.size > 0 && performance.now() - killedAt < PATIENCE) {
          const rows = await db
            .select({ sessionId: sessionLeases.sessionId, generation: sessionLeases.generation })
            .from(sessionLeases)
            .where(
              sql`${inArray(sessionLeases.sessionId, [...pending])} and ${sessionLeases.expiresAt} > now()`,
            );
          for (const row of rows) {
            if (Number(row.generation) > generations.get(row.sessionId)!) {
              pending.delete(row.sessionId);
              leaseMovedMs.push(performance.now() - killedAt);
            }
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      await Promise.all(
        sessions.map(async (session, index) => {
          if (!owned.has(session.sessionId)) return;
          await terminals[index]!.works(PATIENCE);
          workingMs.push(performance.now() - killedAt);
        }),
      );
      await moved;
      // A fresh bridge in the dead one's place, so the next kill again has a survivor.
      bridges[victim] = await startBridge(topology, ports[victim]!);
      process.stdout.write(`  kill ${kill + 1}/${kills}: ${owned.size} sessions taken over\n`);
    }
    return { workingMs, leaseMovedMs };
  } finally {
    for (const terminal of terminals) terminal.close();
    for (const balancer of balancers) await balancer.close();
    await topology.close();
  }
}

export async function run(args: string[]): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) {
    console.error(
      'bench cluster: set TEST_DATABASE_URL (bridges share the lease table in Postgres)',
    );
    process.exit(2);
  }
  const quick = args.includes('--quick');
  const kills = Number(option(args, '--kills') ?? (quick ? 3 : 20));
  const counts = (option(args, '--sessions') ?? (quick ? '4,8' : '5,10,20')).split(',').map(Number);
  const windowS = Number(option(args, '--window') ?? (quick ? 6 : 15));
  const takeoverSessions = Number(option(args, '--takeover-sessions') ?? (quick ? 4 : 8));
  const loadBefore = loadavg()[0]!;

  const cap = await capacity(counts, windowS);
  const taken = await takeovers(kills, takeoverSessions);
  const loadAfter = loadavg()[0]!;
  const budget = (cores: number) => Math.floor((cores - cap.idle) / cap.perSession);
  writeReport({
    name: 'cluster',
    parameters: {
      quick,
      kills,
      counts,
      windowSeconds: windowS,
      takeoverSessions,
      leaseMs: LEASE_MS,
      loadavg1Before: loadBefore,
      loadavg1After: loadAfter,
    },
    rows: [
      ...cap.rows,
      {
        label: 'sessions per bridge at 1 core',
        'bridge cpu s/s': 1,
        'cpu ms/s per session': cap.perSession * 1000,
        sessions: budget(1),
      },
      {
        label: 'sessions per bridge at 0.5 core',
        'bridge cpu s/s': 0.5,
        'cpu ms/s per session': cap.perSession * 1000,
        sessions: budget(0.5),
      },
      {
        label: `takeover: terminal answers again (${taken.workingMs.length} sessions, ${kills} kills)`,
        'p50 ms': percentile(taken.workingMs, 50),
        'p99 ms': percentile(taken.workingMs, 99),
        'max ms': Math.max(...taken.workingMs),
      },
      {
        label: 'takeover: lease moved (new generation)',
        'p50 ms': percentile(taken.leaseMovedMs, 50),
        'p99 ms': percentile(taken.leaseMovedMs, 99),
        'max ms': Math.max(...taken.leaseMovedMs),
      },
    ],
    notes: [
      `lease ${LEASE_MS} ms: a dead owner's sessions move after at most lease + one renewal period (${LEASE_MS + LEASE_MS / 3} ms) plus the open`,
      `load average (1 min) before ${loadBefore.toFixed(2)}, after ${loadAfter.toFixed(2)}; CPU is the bridge's own (from /proc), latency is not`,
    ],
  });
}
