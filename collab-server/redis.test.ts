import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_REASONS } from '../protocol/close-reasons.ts';
import { sessionDocumentName } from '../protocol/documents.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../tests/support/database.ts';
import { replayHistory } from './history/replay.ts';
import type { CollabServer } from './server.ts';
import { connectClient, eventually, settled, type TestClient } from './testing/clients.ts';
import {
  createSessions,
  type SessionFixture,
  setSessionStatus,
  tokenFor,
} from './testing/fixtures.ts';
import { historyOf, startTestServer, storedDocument } from './testing/servers.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.each(databaseKinds())('two instances behind Redis (%s)', (kind) => {
  let database: TestDatabase;
  let sessions: SessionFixture[];
  let next = 0;
  let instances: CollabServer[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    sessions = await createSessions(database.db, 4);
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await Promise.all(instances.map((instance) => instance.close()));
    instances = [];
  });

  afterAll(async () => {
    await database?.destroy();
  });

  /** Two instances sharing the database and a Redis prefix of their own. */
  async function startPair() {
    const env = { REDIS_URL, REDIS_PREFIX: `test-${randomUUID()}`, HISTORY_FLUSH_MS: '20' };
    instances = [await startTestServer(database, env), await startTestServer(database, env)];
    return instances as [CollabServer, CollabServer];
  }

  async function open(
    instance: CollabServer,
    session: SessionFixture,
    role: 'candidate' | 'interviewer',
  ) {
    const client = connectClient(
      instance.url,
      sessionDocumentName(session.sessionId),
      await tokenFor(session, role),
    );
    clients.push(client);
    await settled(client);
    return client;
  }

  it('converges a client on each instance and logs every update exactly once', async () => {
    const [one, two] = await startPair();
    const session = sessions[next++]!;
    const name = sessionDocumentName(session.sessionId);
    const left = await open(one, session, 'candidate');
    const right = await open(two, session, 'candidate');
    const leftText = left.doc.getText('code');
    const rightText = right.doc.getText('code');
    for (let i = 0; i < 50; i++) {
      leftText.insert(leftText.length, 'l');
      rightText.insert(0, 'r');
    }
    await Promise.all([settled(left), settled(right)]);
    await eventually(
      () => leftText.toString() === rightText.toString() && leftText.length === 100,
      'both clients have all 100 characters',
    );

    // 100 keystrokes, 100 attributed rows: each keystroke is logged once with
    // its sender's attribution. Both instances log what they apply (decision
    // 017); a relayed copy is skipped or takes the sender's attribution. The
    // check for relayed content and the insert agree on the log's tail
    // (decision 020), so no relayed row duplicates or replaces one.
    await eventually(async () => (await historyOf(database.db, name)).length >= 100, '100 rows');
    // Closing flushes both instances: a late duplicate would be in the log now.
    for (const client of clients.splice(0)) client.destroy();
    await Promise.all(instances.map((instance) => instance.close()));
    instances = [];
    const rows = await historyOf(database.db, name);
    expect(rows.length).toBe(100);
    expect(rows.map((row) => row.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.filter((row) => row.origin === 'relayed')).toEqual([]);
    expect(rows.filter((row) => row.clientId === left.doc.clientID).length).toBe(50);
    expect(rows.filter((row) => row.clientId === right.doc.clientID).length).toBe(50);
    expect(new Set(rows.map((row) => Buffer.from(row.update).toString('hex'))).size).toBe(100);

    const replayed = await replayHistory(database.db, name, { useCheckpoints: false });
    expect(replayed!.doc.getText('code').toString()).toBe(leftText.toString());
    const stored = await storedDocument(database.db, name);
    expect(stored!.getText('code').toString()).toBe(leftText.toString());
  });

  it('shows an observer on one instance what the candidate types on the other', async () => {
    const [one, two] = await startPair();
    const session = sessions[next++]!;
    const candidate = await open(one, session, 'candidate');
    const observer = await open(two, session, 'interviewer');
    candidate.doc.getMap<Y.Text>('files').set('main.ts', new Y.Text('watched'));
    await eventually(
      () => observer.doc.getMap<Y.Text>('files').get('main.ts')?.toString() === 'watched',
      'the observer sees the file',
    );
  });

  it('closes the candidate’s connection on every instance when the session is closed', async () => {
    const [one, two] = await startPair();
    const session = sessions[next++]!;
    const candidate = await open(two, session, 'candidate');
    await setSessionStatus(database.db, session.sessionId, 'COMPLETED');
    const response = await fetch(
      `http://127.0.0.1:${one.port}/sessions/${session.sessionId}/close`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${await tokenFor(session, 'service')}` },
      },
    );
    expect(response.status).toBe(200);
    await eventually(() => candidate.closes.length > 0, 'the other instance closes the candidate');
    expect(candidate.closes[0]).toEqual(CLOSE_REASONS.sessionClosed);
    await eventually(
      () => candidate.provider.isAuthenticated && candidate.readOnly(),
      'read-only again',
    );
  });
});
