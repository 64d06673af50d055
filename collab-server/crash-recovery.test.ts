import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';
import { sessionDocumentName } from '../protocol/documents.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../tests/support/database.ts';
import { freePort } from '../tests/support/ports.ts';
import { type RunningProcess, startNode } from '../tests/support/process.ts';
import { replayHistory } from './history/replay.ts';
import { connectClient, eventually, filesOf, settled, type TestClient } from './testing/clients.ts';
import { createSessions, type SessionFixture, TEST_SECRET, tokenFor } from './testing/fixtures.ts';
import { historyOf, storedDocument } from './testing/servers.ts';

const MAIN = join(import.meta.dirname, 'main.ts');
/** Two server starts on a busy two-core machine: be patient, it is not what is tested. */
const PATIENCE = 30_000;

/** Where the child server keeps its data: a PGlite folder, or a Postgres test database. */
interface Storage {
  env: Record<string, string>;
  /** Opens it in this process (PGlite allows one process at a time: only while the child is down). */
  open(): Promise<DatabaseHandle>;
  destroy(): Promise<void>;
}

async function storageFor(kind: 'pglite' | 'postgres'): Promise<Storage> {
  if (kind === 'postgres') {
    const database: TestDatabase = await createTestDatabase('postgres');
    return {
      env: { DATABASE_URL: database.url! },
      open: async () => ({ ...database, close: async () => {} }),
      destroy: () => database.destroy(),
    };
  }
  const folder = mkdtempSync(join(tmpdir(), 'tandem-crash-'));
  return {
    env: { PGLITE_DIR: folder },
    open: () => openDatabase({ dataDir: folder }),
    destroy: async () => rmSync(folder, { recursive: true, force: true }),
  };
}

describe.each(databaseKinds())('a server killed while clients type (%s)', (kind) => {
  let storage: Storage;
  let session: SessionFixture;
  let port: number;
  let child: RunningProcess | null = null;
  const clients: TestClient[] = [];
  const typists: NodeJS.Timeout[] = [];

  beforeAll(async () => {
    storage = await storageFor(kind);
    const database = await storage.open();
    [session] = (await createSessions(database.db, 1)) as [SessionFixture];
    await database.close();
    port = await freePort();
  });

  afterAll(async () => {
    for (const typist of typists) clearInterval(typist);
    for (const client of clients) client.destroy();
    if (child && child.child.exitCode === null && child.child.signalCode === null) {
      child.child.kill('SIGKILL');
      await child.exited;
    }
    await storage?.destroy();
  });

  async function startServer(): Promise<RunningProcess> {
    const started = startNode(MAIN, {
      ...storage.env,
      TANDEM_SECRET: TEST_SECRET,
      COLLAB_PORT: String(port),
      LOG_LEVEL: 'info',
    });
    await started.waitFor('collab-server listening', 60_000);
    return started;
  }

  /** Types one character every 5 ms at the end of `path`. */
  function keepTyping(client: TestClient, path: string, letter: string) {
    const files = client.doc.getMap<Y.Text>('files');
    files.set(path, new Y.Text());
    typists.push(
      setInterval(() => {
        const text = files.get(path)!;
        text.insert(text.length, letter);
      }, 5),
    );
  }

  it('ends with the stored document equal to what the clients have, and a log that replays to it', async () => {
    child = await startServer();
    const name = sessionDocumentName(session.sessionId);
    const token = await tokenFor(session, 'candidate');
    const left = connectClient(`ws://127.0.0.1:${port}`, name, token);
    const right = connectClient(`ws://127.0.0.1:${port}`, name, token);
    clients.push(left, right);
    await Promise.all([settled(left), settled(right)]);
    keepTyping(left, 'left.ts', 'l');
    keepTyping(right, 'right.ts', 'r');
    await eventually(
      () => (filesOf(left.doc)['right.ts']?.length ?? 0) > 60,
      'the server relays a good deal of typing',
      PATIENCE,
    );

    child.child.kill('SIGKILL');
    await child.exited;
    await eventually(
      () => left.closes.length > 0 && right.closes.length > 0,
      'both clients notice',
      PATIENCE,
    );
    const typedOffline = (filesOf(left.doc)['left.ts'] ?? '').length;
    await eventually(
      () => (filesOf(left.doc)['left.ts'] ?? '').length > typedOffline + 20,
      'typing goes on offline',
      PATIENCE,
    );

    child = await startServer();
    await eventually(
      () => left.provider.isSynced && right.provider.isSynced,
      'both clients are back',
      PATIENCE,
    );
    const reconnectedAt = (filesOf(left.doc)['left.ts'] ?? '').length;
    await eventually(
      () => (filesOf(left.doc)['left.ts'] ?? '').length > reconnectedAt + 20,
      'typing goes on',
      PATIENCE,
    );
    for (const typist of typists.splice(0)) clearInterval(typist);
    await Promise.all([settled(left, PATIENCE), settled(right, PATIENCE)]);
    await eventually(
      () => JSON.stringify(filesOf(left.doc)) === JSON.stringify(filesOf(right.doc)),
      'both clients converge',
      PATIENCE,
    );
    const final = filesOf(left.doc);
    expect(final['left.ts']!.length).toBeGreaterThan(60);
    expect(final['right.ts']!.length).toBeGreaterThan(60);

    for (const client of clients.splice(0)) client.destroy();
    child.child.kill('SIGTERM');
    expect(await child.exited).toBe(0);

    const database = await storage.open();
    try {
      const stored = await storedDocument(database.db, name);
      expect(filesOf(stored!)).toEqual(final);
      const replayed = await replayHistory(database.db, name, { useCheckpoints: false });
      expect(filesOf(replayed!.doc)).toEqual(final);
      const seqs = (await historyOf(database.db, name)).map((row) => row.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    } finally {
      await database.close();
    }
  }, 120_000);
});
