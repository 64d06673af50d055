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
describe('durable saves: one save-check per interval', () => {
  let database: TestDatabase;
  let collab: CollabServer;
  let sessions: SessionFixture[];
  let next = 0;
  const opened: { client: TestClient; tracker: DurableSaveTracker }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    sessions = await createSessions(database.db, 3);
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
  async function candidate(intervalMs: number) {
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
    const tracker = new DurableSaveTracker(client.provider, () => changes++, { intervalMs });
    opened.push({ client, tracker });
    await settled(client);
    return { name, client, tracker, checks, text: client.doc.getText('scratch') };
  }

  /** Lets queued microtasks run (the tracker schedules its check on one). */
  const microtasks = () => new Promise<void>((resolve) => queueMicrotask(resolve));

  it('confirms a burst of keystrokes with checks at least the interval apart, and only once they are logged', async () => {
    const interval = 150;
    const { name, client, tracker, checks, text } = await candidate(interval);
    const started = performance.now();
    for (let i = 0; i < 30; i++) {
      text.insert(i, 'x');
      await new Promise((resolve) => setTimeout(resolve, 10));
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
      expect(checks[i]! - checks[i - 1]!).toBeGreaterThanOrEqual(interval * 0.8);
    }
    // A check per keystroke would be 30; at most one per interval, plus the last.
    expect(checks.length).toBeLessThanOrEqual(Math.ceil(typedFor / interval) + 2);
    expect(checks.length).toBeLessThan(30);
  });

  it('checks the first change after a pause at once, and a change within the interval only once it has passed', async () => {
    const interval = 400;
    const { tracker, checks, text } = await candidate(interval);
    text.insert(0, 'a');
    await microtasks();
    await microtasks();
    expect(checks).toHaveLength(1);
    await eventually(() => tracker.saved, 'the first change confirmed', 15_000);
    text.insert(1, 'b');
    await microtasks();
    await microtasks();
    const sinceFirst = performance.now() - checks[0]!;
    // Unless the first answer took the whole interval, the second check waits.
    if (sinceFirst < interval) expect(checks).toHaveLength(1);
    await eventually(() => tracker.saved, 'the second change confirmed', 15_000);
    expect(checks).toHaveLength(2);
    expect(checks[1]! - checks[0]!).toBeGreaterThanOrEqual(interval * 0.8);
  });
});
