import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, like } from 'drizzle-orm';
import postgresClient from 'postgres';
import { seedSessionDocument } from '../../app/interview/session-document.server.ts';
import { createSessions, TEST_SECRET, tokenFor } from '../../collab-server/testing/fixtures.ts';
import { type DatabaseHandle, openDatabase } from '../../db/client.ts';
import { yjsUpdates } from '../../db/schema/index.ts';
import { sessionDocumentName } from '../../protocol/documents.ts';
import { previousFolderOf } from '../../protocol/language-versions.ts';
import { freePort } from '../../tests/support/ports.ts';
import { type RunningProcess, startNode as startProcess } from '../../tests/support/process.ts';
import { type ClientSpec, clientOpener } from './clients.ts';
import type { OpenClient } from './load.ts';
import {
  LOOP_DELAY_FILE_VARIABLE,
  type LoopDelay,
  loopDelayIn,
  PROFILE_VARIABLE,
  READY_LINE,
} from './loop-delay.ts';

export interface TargetSummary {
  historyRows: number | null;
  /** The server's event-loop delay during the measured windows (ms). */
  loopDelay: LoopDelay | null;
}

/** A temporary database on a Postgres server: `admin` reaches the server, `name` is the database. */
export interface BenchDatabase {
  admin: string;
  name: string;
}

export interface Endpoint {
  url: string;
  documentName: string;
  token: string;
}

/** A server under load, running as its own process so its CPU is measured apart. */
export interface Target {
  name: string;
  pid: number;
  /** How clients reach its sessions (handed to generator processes). */
  clients: ClientSpec;
  /** The Postgres database it stores to, whose backends' CPU counts as its own. */
  database: BenchDatabase | null;
  /** Opens a client in this process. */
  open: OpenClient;
  /** The server's heap (bytes) after a full garbage collection it is asked to run (loop-delay.ts). */
  heap(): Promise<number>;
  /** Where a raw client of `session` connects, as its candidate or an observer (bench/collab/hostile.ts). */
  endpoint(session: number, role: 'candidate' | 'observer'): Endpoint;
  /**
   * Stops the server (gracefully): history rows it wrote (if it keeps any),
   * and its event-loop delay within `windows` ([start, end] wall-clock ms),
   * its garbage collection within `gcWindows` (default: `windows`).
   */
  stop(windows: [number, number][], gcWindows?: [number, number][]): Promise<TargetSummary>;
}

const ROOT = join(import.meta.dirname, '..', '..');

/** Where each server child writes its event-loop delays when stopped. */
const loopDelayFiles = new Map<RunningProcess, string>();

/** How many heap requests each child has been sent. */
const heapRequests = new Map<RunningProcess, number>();

/** Asks a child for a full collection and the heap left after it (loop-delay.ts). */
async function heapOf(child: RunningProcess): Promise<number> {
  const n = (heapRequests.get(child) ?? 0) + 1;
  heapRequests.set(child, n);
  child.child.kill('SIGUSR2');
  const line = new RegExp(`bench-heap ${n} (\\d+)`);
  await child.waitFor(line, 60_000);
  return Number(line.exec(child.output())![1]);
}

function startNode(script: string, env: Record<string, string>): RunningProcess {
  const file = join(tmpdir(), `tandem-bench-loop-${process.pid}-${loopDelayFiles.size}.json`);
  const child = startProcess(script, { ...env, [LOOP_DELAY_FILE_VARIABLE]: file });
  loopDelayFiles.set(child, file);
  return child;
}

/** Tandem's collab-server (collab-server/main.ts) on PGlite in a temporary folder, or on Postgres. */
export async function startTandem(
  sessions: number,
  postgres: string | null,
  profileDir: string | null,
): Promise<Target> {
  const storage = await openStorage(postgres);
  const seeding = await storage.open();
  const fixtures = await createSessions(seeding.db, sessions);
  // As a real session starts (app/interview/initialize.server.ts): its
  // previous/ folder locked, so every keystroke runs the lock check.
  for (const fixture of fixtures) {
    await seedSessionDocument(seeding.db, fixture.sessionId, [], {}, [previousFolderOf('')]);
  }
  await seeding.close();
  const candidateTokens = await Promise.all(fixtures.map((f) => tokenFor(f, 'candidate')));
  const observerTokens = await Promise.all(fixtures.map((f) => tokenFor(f, 'interviewer')));
  const port = await freePort();
  const child = startNode(join(ROOT, 'bench', 'collab', 'tandem-server.ts'), {
    ...storage.env,
    TANDEM_SECRET: TEST_SECRET,
    COLLAB_PORT: String(port),
    LOG_LEVEL: 'info',
    ...profiling(profileDir, 'tandem'),
  });
  await started(child, 'collab-server listening', () => storage.destroy());
  const url = `ws://127.0.0.1:${port}`;
  const clients: ClientSpec = {
    protocol: 'hocuspocus',
    url,
    documents: fixtures.map((fixture) => sessionDocumentName(fixture.sessionId)),
    candidateTokens,
    observerTokens,
    measureAcks: true,
  };
  return {
    name: 'tandem',
    pid: child.child.pid!,
    clients,
    database: storage.database,
    open: clientOpener(clients),
    endpoint: (session, role) => ({
      url,
      documentName: sessionDocumentName(fixtures[session]!.sessionId),
      token: role === 'candidate' ? candidateTokens[session]! : observerTokens[session]!,
    }),
    heap: () => heapOf(child),
    stop: async (windows, gcWindows) => {
      const loopDelay = await stopChild(child, windows, gcWindows);
      const database = await storage.open();
      try {
        const [row] = await database.db
          .select({ rows: count() })
          .from(yjsUpdates)
          .where(like(yjsUpdates.documentName, 'session/%'));
        return { historyRows: row?.rows ?? 0, loopDelay };
      } finally {
        await database.close();
        await storage.destroy();
      }
    },
  };
}

/**
 * Profiles of the server while measured (loop-delay.ts): CPU and allocation
 * sampling, to `<folder>/<name>-<n>.cpuprofile` / `.heapprofile`.
 */
function profiling(folder: string | null, name: string): Record<string, string> {
  if (!folder) return {};
  mkdirSync(folder, { recursive: true });
  const prefix = join(folder, `${name.replace('+', '-')}-${Date.now().toString(36)}`);
  return { [PROFILE_VARIABLE]: prefix };
}

/** Bare Hocuspocus 4.7, no extensions, in memory. */
export async function startHocuspocus(profileDir: string | null = null): Promise<Target> {
  return startPlain('hocuspocus', 'hocuspocus-server.ts', 'hocuspocus', undefined, profileDir);
}

/**
 * Hocuspocus 4.7 with @hocuspocus/extension-database storing full states to
 * a temporary database on the same Postgres as Tandem's.
 */
export async function startHocuspocusDatabase(
  postgres: string,
  profileDir: string | null = null,
): Promise<Target> {
  const storage = await openStorage(postgres);
  return startPlain(
    'hocuspocus+database',
    'hocuspocus-database-server.ts',
    'hocuspocus',
    storage,
    profileDir,
  );
}

/** The y-websocket 1.5 reference server, in memory. */
export async function startYWebsocket(profileDir: string | null = null): Promise<Target> {
  return startPlain('y-websocket', 'y-websocket-server.ts', 'y-websocket', undefined, profileDir);
}

/** A server with no authentication; its sessions are documents `session-<n>`. */
async function startPlain(
  name: string,
  script: string,
  protocol: ClientSpec['protocol'],
  storage?: Storage,
  profileDir: string | null = null,
): Promise<Target> {
  const port = await freePort();
  const child = startNode(join(ROOT, 'bench', 'collab', script), {
    PORT: String(port),
    ...storage?.env,
    ...profiling(profileDir, name),
  });
  await started(child, `${name.replace('+', '-')} listening`, async () => storage?.destroy());
  const url = `ws://127.0.0.1:${port}`;
  const clients: ClientSpec = {
    protocol,
    url,
    documentPrefix: 'session-',
  };
  return {
    name,
    pid: child.child.pid!,
    clients,
    database: storage?.database ?? null,
    open: clientOpener(clients),
    endpoint: (session) => {
      if (protocol !== 'hocuspocus') {
        throw new Error(`bench collab: ${name} has no Hocuspocus endpoint`);
      }
      return { url, documentName: `session-${session}`, token: 'no-auth' };
    },
    heap: () => heapOf(child),
    stop: async (windows, gcWindows) => {
      try {
        return { historyRows: null, loopDelay: await stopChild(child, windows, gcWindows) };
      } finally {
        await storage?.destroy();
      }
    },
  };
}

/**
 * How long a server may take to start: Node strips TypeScript from every
 * module at start, which took over a minute with the machine's load at 30.
 */
const START_TIMEOUT_MS = 180_000;

/** Waits for a child's line that says it listens; kills it (and cleans up) if it never comes. */
async function started(
  child: RunningProcess,
  line: string,
  cleanUp: () => Promise<void>,
): Promise<void> {
  try {
    await child.waitFor(line, START_TIMEOUT_MS);
    // The server listens before its measurement handles signals (loop-delay.ts).
    await child.waitFor(READY_LINE, START_TIMEOUT_MS);
  } catch (error) {
    child.child.kill('SIGKILL');
    await cleanUp().catch(() => {});
    throw error;
  }
}

async function stopChild(
  child: RunningProcess,
  windows: [number, number][],
  gcWindows?: [number, number][],
): Promise<TargetSummary['loopDelay']> {
  child.child.kill('SIGTERM');
  const code = await child.exited;
  if (code !== 0) {
    throw new Error(
      `bench collab: the server exited with ${code}:\n${child.output().slice(-2000)}`,
    );
  }
  return loopDelayIn(loopDelayFiles.get(child)!, windows, gcWindows);
}

interface Storage {
  env: Record<string, string>;
  database: BenchDatabase | null;
  open(): Promise<DatabaseHandle>;
  destroy(): Promise<void>;
}

async function openStorage(postgres: string | null): Promise<Storage> {
  if (postgres) {
    // A database of its own on that server, dropped afterwards.
    const name = `tandem_bench_${Date.now().toString(36)}_${process.pid}`;
    const admin = postgresClient(postgres, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    const url = new URL(postgres);
    url.pathname = `/${name}`;
    return {
      env: { DATABASE_URL: url.toString() },
      database: { admin: postgres, name },
      open: () => openDatabase({ url: url.toString(), maxConnections: 2 }),
      destroy: async () => {
        const dropper = postgresClient(postgres, { max: 1, onnotice: () => {} });
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
        await dropper.end();
      },
    };
  }
  const folder = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
  return {
    env: { PGLITE_DIR: folder },
    database: null,
    open: () => openDatabase({ dataDir: folder }),
    destroy: async () => rmSync(folder, { recursive: true, force: true }),
  };
}
