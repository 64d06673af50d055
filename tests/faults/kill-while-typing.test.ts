import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { replayHistory } from '../../collab-server/history/replay.ts';
import { eventually } from '../../collab-server/testing/clients.ts';
import {
  createSessions,
  type SessionFixture,
  tokenFor,
} from '../../collab-server/testing/fixtures.ts';
import { storedDocument } from '../../collab-server/testing/servers.ts';
import { sessionDocumentName } from '../../protocol/documents.ts';
import { freePort } from '../support/ports.ts';
import type { RunningProcess } from '../support/process.ts';
import {
  connectSavingClient,
  faultDatabaseKind,
  holds,
  killHard,
  PATIENCE,
  report,
  type SavingClient,
  type Storage,
  startCollabChild,
  storageFor,
  TraceTypist,
} from './harness.ts';

/** Server lifetimes: each ends in SIGKILL about 2 s after it started listening. */
const KILLS = 5;

interface Visit {
  edits: number;
  saved: boolean;
  /** The client's whole state when it was confirmed (or when it gave up). */
  state: Uint8Array;
}

describe.each([faultDatabaseKind()])('kill -9 every ~2 s while a trace types (%s)', (kind) => {
  let storage: Storage;
  let session: SessionFixture;
  let port: number;
  let child: RunningProcess | null = null;
  let client: SavingClient | null = null;

  beforeAll(async () => {
    storage = await storageFor(kind);
    const database = await storage.open();
    [session] = (await createSessions(database.db, 1)) as [SessionFixture];
    await database.close();
    port = await freePort();
  });

  afterAll(async () => {
    client?.destroy();
    if (child) await killHard(child);
    await storage?.destroy();
  });

  const alive = () =>
    child !== null && child.child.exitCode === null && child.child.signalCode === null;

  it('never loses an edit the server confirmed as saved, with the client gone right after', async () => {
    const name = sessionDocumentName(session.sessionId);
    const token = await tokenFor(session, 'candidate');
    const typist = new TraceTypist();
    const visits: Visit[] = [];
    const recoveries: number[] = [];
    let killedAt: number | null = null;

    for (let life = 0; life < KILLS; life++) {
      child = await startCollabChild(storage.env, port);
      const current = child;
      const killer = setTimeout(() => current.child.kill('SIGKILL'), 1_500 + Math.random() * 1_000);
      try {
        while (alive()) {
          client = connectSavingClient(`ws://127.0.0.1:${port}`, name, token);
          const open = client;
          await eventually(
            () => open.provider.isSynced || !alive(),
            'the client syncs (or the server dies)',
            PATIENCE,
          );
          if (!alive()) break;
          if (killedAt !== null) {
            recoveries.push(Date.now() - killedAt);
            killedAt = null;
          }
          // A burst of typing in a few messages, then wait for "saved".
          let edits = 0;
          for (let burst = 0; burst < 4; burst++) {
            edits += typist.type(open.doc, 5);
            await new Promise((resolve) => setImmediate(resolve));
          }
          await eventually(
            () => open.saves.saved || !alive(),
            'the server confirms the edits (or dies)',
            PATIENCE,
          );
          const saved = open.saves.saved;
          // Closed right after "saved": nothing but the server holds the edits now.
          visits.push({ edits, saved, state: Y.encodeStateAsUpdate(open.doc) });
          open.destroy();
          client = null;
        }
      } finally {
        clearTimeout(killer);
        client?.destroy();
        client = null;
      }
      await killHard(current);
      killedAt = Date.now();
      // Everything confirmed so far is in the log, right now, with the server dead.
      const database = await storage.open();
      try {
        const logged = await replayHistory(database.db, name);
        const lost = visits.filter(
          (visit) => visit.saved && !(logged && holds(logged.doc, visit.state)),
        );
        expect(
          lost.map((visit) => visit.edits),
          `saved edits missing after kill ${life + 1}`,
        ).toEqual([]);
        logged?.doc.destroy();
      } finally {
        await database.close();
      }
    }

    // A last clean run: the stored state and the log both hold every saved edit.
    child = await startCollabChild(storage.env, port);
    const reader = connectSavingClient(`ws://127.0.0.1:${port}`, name, token);
    await eventually(() => reader.provider.isSynced, 'a reader syncs', PATIENCE);
    if (killedAt !== null) recoveries.push(Date.now() - killedAt);
    reader.destroy();
    child.child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    const database = await storage.open();
    try {
      const stored = await storedDocument(database.db, name);
      const logged = await replayHistory(database.db, name, { useCheckpoints: false });
      const saved = visits.filter((visit) => visit.saved);
      const durable = visits.filter((visit) => logged && holds(logged.doc, visit.state));
      const sum = (list: Visit[]) => list.reduce((total, visit) => total + visit.edits, 0);
      recoveries.sort((a, b) => a - b);
      report(`kill -9 every ~2 s (${kind})`, {
        kills: KILLS,
        clients: visits.length,
        edits_sent: sum(visits),
        acknowledged: sum(saved),
        durable: sum(durable),
        recover_ms_p50: recoveries[Math.floor(recoveries.length / 2)] ?? 0,
        recover_ms_max: recoveries.at(-1) ?? 0,
      });
      expect(saved.length).toBeGreaterThan(KILLS);
      for (const visit of saved) {
        expect(holds(logged!.doc, visit.state)).toBe(true);
        expect(holds(stored!, visit.state)).toBe(true);
      }
    } finally {
      await database.close();
    }
  }, 240_000);
});
