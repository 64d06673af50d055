import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { replayHistory } from '../../collab-server/history/replay.ts';
import { connectClient, eventually, type TestClient } from '../../collab-server/testing/clients.ts';
import {
  createSessions,
  type SessionFixture,
  tokenFor,
} from '../../collab-server/testing/fixtures.ts';
import { historyOf } from '../../collab-server/testing/servers.ts';
import { sessionDocumentName } from '../../protocol/documents.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { freePort } from '../support/ports.ts';
import type { RunningProcess } from '../support/process.ts';
import {
  connectSavingClient,
  holds,
  killHard,
  PATIENCE,
  POSTGRES_URL,
  report,
  type SavingClient,
  startCollabChild,
  TraceTypist,
} from './harness.ts';
import { TcpProxy } from './tcp-proxy.ts';

/** How often the database goes away during one run, and for how long. */
const OUTAGES = 3;
const OUTAGE_MS = 1_500;

describe('Postgres cut and restored while a trace types', () => {
  let database: TestDatabase;
  let session: SessionFixture;
  let proxy: TcpProxy;
  let child: RunningProcess | null = null;
  let port: number;
  const clients: (SavingClient | TestClient)[] = [];

  beforeAll(async () => {
    process.env.TEST_DATABASE_URL ??= POSTGRES_URL;
    database = await createTestDatabase('postgres');
    [session] = (await createSessions(database.db, 1)) as [SessionFixture];
    const target = new URL(database.url!);
    proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    await proxy.start();
    port = await freePort();
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    if (child) await killHard(child);
    await proxy?.close();
    await database?.destroy();
  });

  async function ready(): Promise<number> {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    await response.body?.cancel();
    return response.status;
  }

  it('keeps serving, then writes every edit once, in order, with time never going back', async () => {
    const proxied = new URL(database.url!);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    child = await startCollabChild({ DATABASE_URL: proxied.toString() }, port);
    const name = sessionDocumentName(session.sessionId);
    const url = `ws://127.0.0.1:${port}`;
    const candidate = connectSavingClient(url, name, await tokenFor(session, 'candidate'));
    clients.push(candidate);
    await eventually(() => candidate.provider.isSynced, 'the candidate syncs', PATIENCE);
    const typist = new TraceTypist();
    let sent = 0;
    const typing = setInterval(() => {
      sent += typist.type(candidate.doc, 1);
    }, 10);
    const recoveries: number[] = [];
    let joinerReason = '';
    try {
      for (let outage = 0; outage < OUTAGES; outage++) {
        const before = sent;
        // Typing never pauses, so "everything saved" is rarely true at a given
        // moment: wait for what was typed by now to be confirmed.
        await eventually(() => sent > before + 30, 'typing goes on');
        const typedBefore = candidate.saves.changeCount;
        await eventually(() => candidate.saves.confirmed >= typedBefore, 'typing is saved');
        await proxy.cut();
        await eventually(async () => (await ready()) === 503, '/readyz says not ready', PATIENCE);
        if (outage === 0) {
          // Someone joining now cannot be served: they are told why.
          const joiner = connectClient(url, name, await tokenFor(session, 'interviewer'));
          clients.push(joiner);
          await eventually(
            () => joiner.authFailures.length > 0 || joiner.closes.length > 0,
            'the joiner hears why it cannot be served',
            PATIENCE,
          );
          joinerReason = joiner.authFailures[0] ?? joiner.closes[0]!.reason;
          joiner.destroy();
        }
        const typedDuring = sent;
        await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
        expect(sent).toBeGreaterThan(typedDuring);
        const restoredAt = Date.now();
        await proxy.restore();
        await eventually(async () => (await ready()) === 200, '/readyz is ready again', PATIENCE);
        const atRestore = sent;
        await eventually(() => sent > atRestore, 'typing goes on', PATIENCE);
        const typedBy = candidate.saves.changeCount;
        await eventually(
          () => candidate.saves.confirmed >= typedBy,
          'everything typed is saved again',
          PATIENCE,
        );
        recoveries.push(Date.now() - restoredAt);
      }
    } catch (error) {
      // What the server said is the first thing to read when this fails.
      console.log(child.output().slice(-4000));
      throw error;
    } finally {
      clearInterval(typing);
    }
    await eventually(() => candidate.saves.saved, 'the last edits are saved', PATIENCE);
    expect(child.child.exitCode).toBeNull();
    expect(child.child.signalCode).toBeNull();
    const state = Y.encodeStateAsUpdate(candidate.doc);

    const rows = await historyOf(database.db, name);
    const seqs = rows.map((row) => row.seq);
    const distinct = new Set(rows.map((row) => Buffer.from(row.update).toString('base64')));
    const backwards = rows.filter((row, i) => i > 0 && row.at < rows[i - 1]!.at).length;
    const logged = await replayHistory(database.db, name, { useCheckpoints: false });
    // Replaying prefix by prefix must never meet an update before what it builds on.
    const pendingAt = (() => {
      const doc = new Y.Doc();
      let stalled = 0;
      for (const row of rows) {
        Y.applyUpdate(doc, row.update);
        if (doc.store.pendingStructs || doc.store.pendingDs) stalled += 1;
      }
      return stalled;
    })();
    report('postgres outage x3', {
      edits_sent: sent,
      rows: rows.length,
      duplicates: rows.length - distinct.size,
      out_of_order: pendingAt,
      backwards_timestamps: backwards,
      recover_ms: recoveries.join('/'),
      joiner_told: JSON.stringify(joinerReason),
    });
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(rows.length - distinct.size).toBe(0);
    expect(backwards).toBe(0);
    expect(pendingAt).toBe(0);
    expect(holds(logged!.doc, state)).toBe(true);
    expect(joinerReason).toMatch(/database/i);
  }, 180_000);
});
