import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { count, like } from 'drizzle-orm';
import postgresClient from 'postgres';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createSessions, TEST_SECRET, tokenFor } from '../../collab-server/testing/fixtures.ts';
import { type DatabaseHandle, openDatabase } from '../../db/client.ts';
import { yjsUpdates } from '../../db/schema/index.ts';
import { sessionDocumentName } from '../../protocol/documents.ts';
import { freePort } from '../../tests/support/ports.ts';
import { type RunningProcess, startNode as startProcess } from '../../tests/support/process.ts';
import { AckProbe } from './ack-latency.ts';
import type { BenchClient, OpenClient } from './load.ts';
import { LOOP_DELAY_FILE_VARIABLE, type LoopDelay, loopDelayIn } from './loop-delay.ts';

export interface TargetSummary {
  historyRows: number | null;
  /** The server's event-loop delay during the measured windows (ms). */
  loopDelay: LoopDelay | null;
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
  open: OpenClient;
  /** Where a raw client of `session` connects, as its candidate or an observer (bench/collab/hostile.ts). */
  endpoint(session: number, role: 'candidate' | 'observer'): Endpoint;
  /**
   * Stops the server (gracefully): history rows it wrote (if it keeps any),
   * and its event-loop delay within `windows` ([start, end] wall-clock ms).
   */
  stop(windows: [number, number][]): Promise<TargetSummary>;
}

const ROOT = join(import.meta.dirname, '..', '..');

/** Where each server child writes its event-loop delays when stopped. */
const loopDelayFiles = new Map<RunningProcess, string>();

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
  await seeding.close();
  const candidateTokens = await Promise.all(fixtures.map((f) => tokenFor(f, 'candidate')));
  const observerTokens = await Promise.all(fixtures.map((f) => tokenFor(f, 'interviewer')));
  const port = await freePort();
  const child = startNode(join(ROOT, 'bench', 'collab', 'tandem-server.ts'), {
    ...storage.env,
    TANDEM_SECRET: TEST_SECRET,
    COLLAB_PORT: String(port),
    LOG_LEVEL: 'info',
    ...(profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}),
  });
  await child.waitFor('collab-server listening', 60_000);
  const url = `ws://127.0.0.1:${port}`;
  return {
    name: 'tandem',
    pid: child.child.pid!,
    open: async (session, role) =>
      openHocuspocusClient(
        url,
        sessionDocumentName(fixtures[session]!.sessionId),
        role === 'candidate' ? candidateTokens[session]! : observerTokens[session]!,
        role === 'candidate',
      ),
    endpoint: (session, role) => ({
      url,
      documentName: sessionDocumentName(fixtures[session]!.sessionId),
      token: role === 'candidate' ? candidateTokens[session]! : observerTokens[session]!,
    }),
    stop: async (windows) => {
      const loopDelay = await stopChild(child, windows);
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

/** Bare Hocuspocus 4.7, no extensions, in memory. */
export async function startHocuspocus(): Promise<Target> {
  const port = await freePort();
  const child = startNode(join(ROOT, 'bench', 'collab', 'hocuspocus-server.ts'), {
    PORT: String(port),
  });
  await child.waitFor('hocuspocus listening', 30_000);
  const url = `ws://127.0.0.1:${port}`;
  return {
    name: 'hocuspocus',
    pid: child.child.pid!,
    open: async (session) => openHocuspocusClient(url, `session-${session}`, 'no-auth'),
    endpoint: (session) => ({ url, documentName: `session-${session}`, token: 'no-auth' }),
    stop: async (windows) => ({ historyRows: null, loopDelay: await stopChild(child, windows) }),
  };
}

function openHocuspocusClient(
  url: string,
  name: string,
  token: string,
  measureAcks = false,
): BenchClient {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name,
    document: doc,
    token,
  });
  provider.attach();
  const acks = measureAcks ? new AckProbe(provider) : undefined;
  return {
    doc,
    synced: () => provider.isSynced,
    acks,
    destroy: () => {
      acks?.destroy();
      provider.destroy();
      socket.destroy();
      doc.destroy();
    },
  };
}

/** The y-websocket 1.5 reference server, in memory. */
export async function startYWebsocket(): Promise<Target> {
  const port = await freePort();
  const child = startNode(join(ROOT, 'bench', 'collab', 'y-websocket-server.ts'), {
    PORT: String(port),
  });
  await child.waitFor('y-websocket listening', 30_000);
  const url = `ws://127.0.0.1:${port}`;
  return {
    name: 'y-websocket',
    pid: child.child.pid!,
    open: async (session) => {
      const doc = new Y.Doc();
      // No BroadcastChannel: in one process it would carry updates between
      // the clients of a session without going through the server.
      const provider = new WebsocketProvider(url, `session-${session}`, doc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      });
      return {
        doc,
        synced: () => provider.synced,
        destroy: () => {
          provider.destroy();
          // Also stops the awareness y-websocket created (and never destroys).
          doc.destroy();
        },
      } satisfies BenchClient;
    },
    endpoint: () => {
      throw new Error('bench collab: y-websocket has no Hocuspocus endpoint');
    },
    stop: async (windows) => ({ historyRows: null, loopDelay: await stopChild(child, windows) }),
  };
}

async function stopChild(
  child: RunningProcess,
  windows: [number, number][],
): Promise<TargetSummary['loopDelay']> {
  child.child.kill('SIGTERM');
  const code = await child.exited;
  if (code !== 0) {
    throw new Error(
      `bench collab: the server exited with ${code}:\n${child.output().slice(-2000)}`,
    );
  }
  return loopDelayIn(loopDelayFiles.get(child)!, windows);
}

interface Storage {
  env: Record<string, string>;
  open(): Promise<DatabaseHandle>;
  destroy(): Promise<void>;
}

async function openStorage(postgres: string | null): Promise<Storage> {
  if (postgres) {
    // A database of its own on that server, dropped afterwards.
    const name = `tandem_bench_${Date.now().toString(36)}`;
    const admin = postgresClient(postgres, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    const url = new URL(postgres);
    url.pathname = `/${name}`;
    return {
      env: { DATABASE_URL: url.toString() },
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
    open: () => openDatabase({ dataDir: folder }),
    destroy: async () => rmSync(folder, { recursive: true, force: true }),
  };
}
