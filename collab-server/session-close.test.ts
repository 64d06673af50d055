import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_REASONS } from '../protocol/close-reasons.ts';
import { sessionDocumentName } from '../protocol/documents.ts';
import { createTestDatabase, type TestDatabase } from '../tests/support/database.ts';
import type { CollabServer } from './server.ts';
import { connectClient, eventually, filesOf, settled, type TestClient } from './testing/clients.ts';
import {
  createSessions,
  type SessionFixture,
  setSessionStatus,
  tokenFor,
} from './testing/fixtures.ts';
import { startTestServer } from './testing/servers.ts';

describe('closing a session for its candidate (POST /sessions/:id/close)', () => {
  let database: TestDatabase;
  let collab: CollabServer;
  let session: SessionFixture;
  let other: SessionFixture;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    [session, other] = (await createSessions(database.db, 2)) as [SessionFixture, SessionFixture];
    collab = await startTestServer(database);
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await collab?.close();
    await database?.destroy();
  });

  function close(sessionId: string, token: string | null, method = 'POST') {
    return fetch(`http://127.0.0.1:${collab.port}/sessions/${sessionId}/close`, {
      method,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  }

  it('refuses a request without a valid service token for that session', async () => {
    expect((await close(session.sessionId, null)).status).toBe(401);
    expect((await close(session.sessionId, 'not.a.token')).status).toBe(401);
    expect((await close(session.sessionId, await tokenFor(session, 'candidate'))).status).toBe(403);
    expect((await close(session.sessionId, await tokenFor(other, 'service'))).status).toBe(403);
    expect((await close(session.sessionId, await tokenFor(session, 'service'), 'GET')).status).toBe(
      405,
    );
  });

  it('refuses to close a session that is still active', async () => {
    const response = await close(session.sessionId, await tokenFor(session, 'service'));
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: 'SESSION_OPEN' } });
  });

  it('turns the candidate read-only once the app has completed the session, and leaves observers connected', async () => {
    const name = sessionDocumentName(session.sessionId);
    const candidate = connectClient(collab.url, name, await tokenFor(session, 'candidate'));
    const observer = connectClient(collab.url, name, await tokenFor(session, 'interviewer'));
    clients.push(candidate, observer);
    await Promise.all([settled(candidate), settled(observer)]);
    candidate.doc.getMap<Y.Text>('files').set('main.ts', new Y.Text('before'));
    await settled(candidate);
    expect(candidate.readOnly()).toBe(false);

    await setSessionStatus(database.db, session.sessionId, 'COMPLETED');
    const response = await close(session.sessionId, await tokenFor(session, 'service'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sessionId: session.sessionId, closedConnections: 1 });

    await eventually(() => candidate.closes.length > 0, 'the candidate is disconnected');
    expect(candidate.closes[0]).toEqual(CLOSE_REASONS.sessionClosed);
    await eventually(
      () => candidate.provider.isAuthenticated && candidate.readOnly(),
      'it is back, read-only',
    );
    expect(observer.closes).toEqual([]);

    candidate.doc.getMap<Y.Text>('files').get('main.ts')!.insert(6, ' and after');
    await eventually(() => candidate.droppedUpdates() > 0, 'the server drops the edit');
    const serverDoc = collab.server.hocuspocus.documents.get(name)!;
    expect(filesOf(serverDoc)).toEqual({ 'main.ts': 'before' });
  });
});
