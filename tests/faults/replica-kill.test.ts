import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, eventually, type TestClient } from '../../collab-server/testing/clients.ts';
import {
  createSessions,
  type SessionFixture,
  tokenFor,
} from '../../collab-server/testing/fixtures.ts';
import { historyOf } from '../../collab-server/testing/servers.ts';
import { sessionDocumentName } from '../../protocol/documents.ts';
import { freePort } from '../support/ports.ts';
import type { RunningProcess } from '../support/process.ts';
import {
  killHard,
  PATIENCE,
  report,
  type Storage,
  startCollabChild,
  storageFor,
  TraceTypist,
} from './harness.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Two replicas on Redis, a client typing on each; one replica is killed with
 * SIGKILL before it ever flushes its history batch. Its clients' updates had
 * reached the other replica through Redis, which did not log them: a hole in
 * the log. Every replica now logs what it applies; the append skips what the
 * log holds already.
 */
describe('a replica killed unflushed, two replicas on Redis', () => {
  let storage: Storage;
  let session: SessionFixture;
  const children: RunningProcess[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    storage = await storageFor('postgres');
    const database = await storage.open();
    [session] = (await createSessions(database.db, 1)) as [SessionFixture];
    await database.close();
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    for (const child of children) await killHard(child);
    await storage?.destroy();
  });

  it(
    'logs the dead replica’s updates once, in an order every prefix of which replays',
    async () => {
      const prefix = `tandem-replica-kill-${process.pid}-${Date.now()}`;
      const [victimPort, survivorPort] = [await freePort(), await freePort()];
      const common = { ...storage.env, REDIS_URL, REDIS_PREFIX: prefix };
      // The victim never flushes on its own (no save checks ask it to).
      const victim = await startCollabChild(
        { ...common, HISTORY_FLUSH_MS: '10000', HISTORY_BATCH_SIZE: '10000' },
        victimPort,
      );
      children.push(victim);
      const survivor = await startCollabChild(common, survivorPort);
      children.push(survivor);
      const name = sessionDocumentName(session.sessionId);
      const onVictim = connectClient(
        `ws://127.0.0.1:${victimPort}`,
        name,
        await tokenFor(session, 'candidate'),
      );
      const onSurvivor = connectClient(
        `ws://127.0.0.1:${survivorPort}`,
        name,
        await tokenFor(session, 'candidate'),
      );
      clients.push(onVictim, onSurvivor);
      await eventually(
        () => onVictim.provider.isSynced && onSurvivor.provider.isSynced,
        'both synced',
        PATIENCE,
      );

      const victimTypist = new TraceTypist('a.svelte');
      const survivorTypist = new TraceTypist('b.svelte');
      let sent = 0;
      for (let round = 0; round < 40; round++) {
        sent += victimTypist.type(onVictim.doc, 2);
        sent += survivorTypist.type(onSurvivor.doc, 1);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const same = () =>
        Buffer.from(Y.encodeStateVector(onVictim.doc)).equals(
          Buffer.from(Y.encodeStateVector(onSurvivor.doc)),
        );
      await eventually(same, 'both clients have every edit', PATIENCE);
      await killHard(victim);
      const killedAt = performance.now();
      onVictim.destroy();
      const expected = Y.encodeStateAsUpdate(onSurvivor.doc);
      const expectedFiles = onSurvivor.doc.getMap<Y.Text>('files').toJSON();

      const database = await storage.open();
      const replayOf = (rows: { update: Uint8Array }[]) => {
        const doc = new Y.Doc();
        for (const row of rows) Y.applyUpdate(doc, row.update);
        return doc;
      };
      await eventually(
        async () =>
          Y.snapshotContainsUpdate(
            Y.snapshot(replayOf(await historyOf(database.db, name))),
            expected,
          ),
        'the log holds everything the clients had',
        PATIENCE,
      );
      const recoveredMs = performance.now() - killedAt;
      const rows = await historyOf(database.db, name);

      // Every prefix replays with nothing pending (no update before what it builds on).
      const doc = new Y.Doc();
      let prefixesPending = 0;
      for (const row of rows) {
        Y.applyUpdate(doc, row.update);
        if (doc.store.pendingStructs || doc.store.pendingDs) prefixesPending += 1;
      }
      expect(prefixesPending).toBe(0);
      expect(doc.getMap<Y.Text>('files').toJSON()).toEqual(expectedFiles);
      expect(rows.map((row) => row.seq)).toEqual(rows.map((_, i) => i + 1));
      const distinct = new Set(rows.map((row) => Buffer.from(row.update).toString('hex')));
      expect(distinct.size).toBe(rows.length);
      let backwards = 0;
      for (let i = 1; i < rows.length; i++) {
        if (rows[i]!.at.getTime() < rows[i - 1]!.at.getTime()) backwards += 1;
      }
      expect(backwards).toBe(0);
      report('replica killed unflushed (two replicas on Redis)', {
        edits_sent: sent,
        rows: rows.length,
        relayed_rows: rows.filter((row) => row.origin === 'relayed').length,
        duplicates: rows.length - distinct.size,
        prefixes_pending: prefixesPending,
        timestamps_backwards: backwards,
        log_complete_after_kill_ms: Math.round(recoveredMs),
      });
      await database.close();
    },
    4 * PATIENCE,
  );
});
