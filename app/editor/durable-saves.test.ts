import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { replayHistory } from '../../collab-server/history/replay.ts';
import type { CollabServer } from '../../collab-server/server.ts';
import {
  connectClient,
  eventually,
  settled,
  type TestClient,
} from '../../collab-server/testing/clients.ts';
import {
  createSessions,
  type SessionFixture,
  tokenFor,
} from '../../collab-server/testing/fixtures.ts';
import { startTestServer } from '../../collab-server/testing/servers.ts';
import { sessionDocumentName } from '../../protocol/documents.ts';
import { decodeSaveMessage } from '../../protocol/durable-saves.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/support/database.ts';
import { DurableSaveTracker } from './durable-saves.ts';

/** PGlite only: what is tested is the client's pace, not the database. */
describe('durable saves: a save-check when typing pauses, at most every max wait while it goes on', () => {
  let database: TestDatabase;
  let collab: CollabServer;
  let sessions: SessionFixture[];
  let next = 0;
  const opened: { client: TestClient; tracker: DurableSaveTracker }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    sessions = await createSessions(database.db, 4);
    collab = await startTestServer(database);
  });

  afterEach(() => {
    for (const { client, tracker } of opened.splice(0)) {
      tracker.destroy();
      client.destroy();
    }
  });

  afterAll(async () => {
    await collab?.close();
    await database?.destroy();
  });

  /** A candidate on a new session whose save-checks are recorded with the time they left. */
  async function candidate(pace: { quietMs: number; maxWaitMs: number }) {
    const session = sessions[next++]!;
    const name = sessionDocumentName(session.sessionId);
    const client = connectClient(collab.url, name, await tokenFor(session, 'candidate'));
    const checks: number[] = [];
    const send = client.provider.sendStateless.bind(client.provider);
    client.provider.sendStateless = (payload: string) => {
      if (decodeSaveMessage(payload)?.type === 'save-check') checks.push(performance.now());
      send(payload);
    };
    let changes = 0;
    const tracker = new DurableSaveTracker(client.provider, () => changes++, pace);
    opened.push({ client, tracker });
    await settled(client);
    return { name, client, tracker, checks, text: client.doc.getText('scratch') };
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('confirms a burst of keystrokes with checks at least the max wait apart, and only once they are logged', async () => {
    const maxWaitMs = 150;
    const { name, client, tracker, checks, text } = await candidate({ quietMs: 100, maxWaitMs });
    const started = performance.now();
    for (let i = 0; i < 30; i++) {
      text.insert(i, 'x');
      await sleep(10);
    }
    const typedFor = performance.now() - started;
    await eventually(() => tracker.saved, 'the burst confirmed', 15_000);
    // Durable: the history log holds every keystroke by the time "saved" shows.
    const logged = await replayHistory(database.db, name);
    expect(logged?.doc.getText('scratch').toString()).toBe('x'.repeat(30));
    expect(client.doc.getText('scratch').toString()).toBe('x'.repeat(30));
    // Recorded when the check is handed to the socket, a little after the
    // tracker took its time (it flushes batched updates first): some slack.
    for (let i = 1; i < checks.length; i++) {
      expect(checks[i]! - checks[i - 1]!).toBeGreaterThanOrEqual(maxWaitMs * 0.8);
    }
    // A check per keystroke would be 30; one per max wait, plus the last.
    expect(checks.length).toBeLessThanOrEqual(Math.ceil(typedFor / maxWaitMs) + 2);
    expect(checks.length).toBeLessThan(30);
  });

  it('checks once the document has been quiet for the quiet time, not at each keystroke', async () => {
    const quietMs = 300;
    const { tracker, checks, text } = await candidate({ quietMs, maxWaitMs: 60_000 });
    let lastKeystroke = 0;
    for (let i = 0; i < 5; i++) {
      text.insert(i, 'a');
      lastKeystroke = performance.now();
      await sleep(20);
    }
    // Typing 20 ms apart never leaves the document quiet for 300 ms: no check
    // left while it went on (it may have just gone if the machine stalled).
    if (performance.now() - lastKeystroke < quietMs * 0.8) expect(checks).toHaveLength(0);
    await eventually(() => tracker.saved, 'the keystrokes confirmed', 15_000);
    expect(checks).toHaveLength(1);
    expect(checks[0]! - lastKeystroke).toBeGreaterThanOrEqual(quietMs * 0.8);
  });

  it('after a reconnection, checks the offline edits as soon as the sync is answered, without waiting for quiet', async () => {
    const { client, tracker, checks, text } = await candidate({
      quietMs: 60_000,
      maxWaitMs: 60_000,
    });
    client.socket.disconnect();
    await eventually(() => !client.provider.isSynced, 'offline');
    text.insert(0, 'offline');
    expect(tracker.saved).toBe(false);
    void client.socket.connect();
    // A check that waited for quiet would leave only after 60 s.
    await eventually(() => tracker.saved, 'the offline edit confirmed', 15_000);
    expect(checks).toHaveLength(1);
  });
});
