import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { DurableSaveTracker } from '../../app/editor/durable-saves.ts';
import { connectClient, eventually, type TestClient } from '../../collab-server/testing/clients.ts';
import { TEST_SECRET } from '../../collab-server/testing/fixtures.ts';
import { type DatabaseHandle, openDatabase } from '../../db/client.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { type RunningProcess, startNode } from '../support/process.ts';
import { type EditingTrace, loadTrace } from '../support/traces.ts';

/** A loaded machine starts servers slowly: patience, not what is tested. */
export const PATIENCE = 60_000;

const COLLAB_MAIN = join(import.meta.dirname, '../../collab-server/main.ts');

/** Where a child server keeps its data: a PGlite folder, or a Postgres test database. */
export interface Storage {
  kind: 'pglite' | 'postgres';
  env: Record<string, string>;
  /** Opens it here (a PGlite folder only while no child has it open). */
  open(): Promise<DatabaseHandle>;
  destroy(): Promise<void>;
}

export async function storageFor(kind: 'pglite' | 'postgres'): Promise<Storage> {
  if (kind === 'postgres') {
    const database: TestDatabase = await createTestDatabase('postgres');
    return {
      kind,
      env: { DATABASE_URL: database.url! },
      open: async () => ({ ...database, close: async () => {} }),
      destroy: () => database.destroy(),
    };
  }
  const folder = mkdtempSync(join(tmpdir(), 'tandem-faults-'));
  return {
    kind,
    env: { PGLITE_DIR: folder },
    open: () => openDatabase({ dataDir: folder }),
    destroy: async () => rmSync(folder, { recursive: true, force: true }),
  };
}

/** Starts `collab-server/main.ts` as a child and waits until it listens. */
export async function startCollabChild(
  env: Record<string, string>,
  port: number,
): Promise<RunningProcess> {
  const started = startNode(COLLAB_MAIN, {
    TANDEM_SECRET: TEST_SECRET,
    COLLAB_PORT: String(port),
    LOG_LEVEL: 'info',
    ...env,
  });
  await started.waitFor('collab-server listening', PATIENCE);
  return started;
}

/** SIGKILL, and resolve once the process is gone. */
export async function killHard(running: RunningProcess): Promise<void> {
  if (running.child.exitCode === null && running.child.signalCode === null) {
    running.child.kill('SIGKILL');
  }
  await running.exited;
}

/** A test client that also follows the server's durable acknowledgements. */
export interface SavingClient extends TestClient {
  saves: DurableSaveTracker;
}

export function connectSavingClient(
  url: string,
  name: string,
  token: string,
  doc?: Y.Doc,
): SavingClient {
  const client = connectClient(url, name, token, { doc });
  const saves = new DurableSaveTracker(client.provider, () => {});
  return {
    ...client,
    saves,
    destroy: () => {
      saves.destroy();
      client.destroy();
    },
  };
}

/** Resolves when the tracker says every local change is durable. */
export function savedAll(client: SavingClient, timeoutMs = PATIENCE): Promise<void> {
  return eventually(() => client.saves.saved, 'the server confirms every change', timeoutMs);
}

/**
 * Types a real editing trace into one file of a session document, one trace
 * transaction per call, positions clamped to the text (a server that lost
 * unsaved edits gives back a shorter text than the trace expects).
 */
export class TraceTypist {
  readonly trace: EditingTrace = loadTrace('sveltecomponent');
  private next = 0;
  private readonly path: string;

  constructor(path = 'main.svelte') {
    this.path = path;
  }

  /** Applies the next `count` transactions to `doc`; returns how many edits were made. */
  type(doc: Y.Doc, count: number): number {
    const files = doc.getMap<Y.Text>('files');
    let edits = 0;
    for (let n = 0; n < count; n++) {
      const txn = this.trace.txns[this.next % this.trace.txns.length]!;
      this.next += 1;
      doc.transact(() => {
        if (!files.has(this.path)) files.set(this.path, new Y.Text());
        const text = files.get(this.path)!;
        for (const [position, deleteCount, insert] of txn.patches) {
          const at = Math.min(position, text.length);
          const removed = Math.min(deleteCount, text.length - at);
          if (removed > 0) text.delete(at, removed);
          if (insert) text.insert(at, insert);
        }
      });
      edits += 1;
    }
    return edits;
  }
}

/** Whether everything in `update` is also in `doc` (structs and deletions). */
export function holds(doc: Y.Doc, update: Uint8Array): boolean {
  return Y.snapshotContainsUpdate(Y.snapshot(doc), update);
}

/** Prints a fault test's figures where CI logs show them. */
export function report(name: string, figures: Record<string, number | string>): void {
  const line = Object.entries(figures)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  console.log(`[faults] ${name}: ${line}`);
}

/**
 * The database the fault tests run on: Postgres when TEST_DATABASE_URL is set
 * (production's, and what CI has), PGlite otherwise. One kind, not both: each
 * fault test restarts servers many times and the suite must stay short.
 */
export function faultDatabaseKind(): 'pglite' | 'postgres' {
  return process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
}

/**
 * The Postgres server of the tests that take Postgres itself away or hold its
 * locks (PGlite, in process, cannot be cut off): TEST_DATABASE_URL, or the
 * local default as CI and DEVELOPERS.md have it.
 */
export const POSTGRES_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
