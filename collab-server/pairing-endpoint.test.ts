import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type AccessNotice, parseAccessNotice } from '../protocol/access-notice.ts';
import { SESSION_DOC, sessionDocumentName } from '../protocol/documents.ts';
import { signSessionToken } from '../protocol/tokens.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../tests/support/database.ts';
import type { CollabContext } from './context.ts';
import { PairingEndpoint } from './extensions/pairing-endpoint.ts';
import type { CollabServer } from './server.ts';
import { connectClient, eventually, filesOf, settled, type TestClient } from './testing/clients.ts';
import {
  createSessions,
  type SessionFixture,
  setPairMode,
  setSessionStatus,
  TEST_SECRET,
  tokenFor,
} from './testing/fixtures.ts';
import { startTestServer } from './testing/servers.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PATH = 'solution.ts';

/** An interviewer's token that asks to pair, as the app mints it with `?pair=1`. */
function pairToken(fixture: SessionFixture, subject = 'user-ada'): Promise<string> {
  return signSessionToken(
    {
      sessionId: fixture.sessionId,
      organizationId: fixture.organizationId,
      subject,
      role: 'interviewer',
      name: `Interviewer ${subject}`,
      pair: true,
    },
    TEST_SECRET,
    3600,
  );
}

function stopPairing(
  collab: CollabServer,
  sessionId: string,
  token: string | null,
  method = 'POST',
) {
  return fetch(`http://127.0.0.1:${collab.port}/sessions/${sessionId}/pairing`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

/** The access notices a client received, in order. */
function noticesOf(client: TestClient): AccessNotice[] {
  const notices: AccessNotice[] = [];
  client.provider.on('stateless', ({ payload }: { payload: string }) => {
    const notice = parseAccessNotice(payload);
    if (notice) notices.push(notice);
  });
  return notices;
}

/** The server's side of a participant's connection to the session document. */
function serverConnection(collab: CollabServer, fixture: SessionFixture, participantId: string) {
  const document = collab.server.hocuspocus.documents.get(sessionDocumentName(fixture.sessionId));
  return [...(document?.getConnections() ?? [])].find(
    (connection) => (connection.context as CollabContext).participant?.id === participantId,
  );
}

function text(client: TestClient): Y.Text {
  return client.doc.getMap<Y.Text>(SESSION_DOC.files).get(PATH)!;
}

describe.each(databaseKinds())('turning pair mode off (POST /sessions/:id/pairing, %s)', (kind) => {
  let database: TestDatabase;
  let collab: CollabServer;
  let sessions: SessionFixture[];
  let other: SessionFixture;
  let next = 0;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    // Pair mode is per assessment: one organization and assessment per session.
    sessions = [];
    for (let i = 0; i < 6; i++) sessions.push(...(await createSessions(database.db, 1)));
    [other] = (await createSessions(database.db, 1)) as [SessionFixture];
    collab = await startTestServer(database, { HISTORY_FLUSH_MS: '20' });
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });

  afterAll(async () => {
    await collab?.close();
    await database?.destroy();
  });

  async function open(fixture: SessionFixture, token: string, on = collab): Promise<TestClient> {
    const client = connectClient(on.url, sessionDocumentName(fixture.sessionId), token);
    clients.push(client);
    await settled(client);
    return client;
  }

  /** A session in pair mode: the candidate wrote a file and an interviewer pairs. */
  async function pairingSession() {
    const fixture = sessions[next++]!;
    await setPairMode(database.db, fixture, true);
    const candidate = await open(fixture, await tokenFor(fixture, 'candidate'));
    candidate.doc.getMap<Y.Text>(SESSION_DOC.files).set(PATH, new Y.Text('candidate'));
    await settled(candidate);
    const interviewer = await open(fixture, await pairToken(fixture));
    const notices = noticesOf(interviewer);
    expect(interviewer.readOnly()).toBe(false);
    text(interviewer).insert(text(interviewer).length, ' +interviewer');
    await settled(interviewer);
    return { fixture, candidate, interviewer, notices };
  }

  it('refuses a request without a service token of this session, with a code', async () => {
    const fixture = sessions[0]!;
    const codeOf = async (response: Response) => [
      response.status,
      ((await response.json()) as { error: { code: string } }).error.code,
    ];
    expect(await codeOf(await stopPairing(collab, fixture.sessionId, null))).toEqual([
      401,
      'TOKEN_MISSING',
    ]);
    const service = await tokenFor(fixture, 'service');
    expect(
      await codeOf(await stopPairing(collab, fixture.sessionId, `${service.slice(0, -4)}AAAA`)),
    ).toEqual([401, 'TOKEN_INVALID']);
    const expired = await tokenFor(fixture, 'service', { ttl: -120 });
    expect(await codeOf(await stopPairing(collab, fixture.sessionId, expired))).toEqual([
      401,
      'TOKEN_EXPIRED',
    ]);
    for (const token of [
      await tokenFor(fixture, 'candidate'),
      await pairToken(fixture),
      await tokenFor(other, 'service'),
    ]) {
      expect(await codeOf(await stopPairing(collab, fixture.sessionId, token))).toEqual([
        403,
        'FORBIDDEN',
      ]);
    }
    expect((await stopPairing(collab, fixture.sessionId, service, 'GET')).status).toBe(405);
  });

  it('answers 404 for an unknown session', async () => {
    const unknown = randomUUID();
    const token = await tokenFor(other, 'service', { sessionId: unknown });
    const response = await stopPairing(collab, unknown, token);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'SESSION_NOT_FOUND' } });
  });

  it('answers 409 and leaves the interviewer writing while pair mode is still on', async () => {
    const { fixture, interviewer, notices } = await pairingSession();
    const response = await stopPairing(
      collab,
      fixture.sessionId,
      await tokenFor(fixture, 'service'),
    );
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: 'PAIR_MODE_ON' } });
    text(interviewer).insert(0, 'still ');
    await settled(interviewer);
    expect(serverConnection(collab, fixture, 'user-ada')?.readOnly).toBe(false);
    expect(notices).toEqual([]);
  });

  it('makes the pairing interviewer read-only in place once pair mode is off, and tells them', async () => {
    const { fixture, candidate, interviewer, notices } = await pairingSession();
    const watcher = await open(fixture, await tokenFor(fixture, 'interviewer'));
    const service = await open(fixture, await tokenFor(fixture, 'service'));
    await setPairMode(database.db, fixture, false);

    const response = await stopPairing(
      collab,
      fixture.sessionId,
      await tokenFor(fixture, 'service'),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sessionId: fixture.sessionId, stoppedConnections: 1 });
    await eventually(() => notices.length > 0, 'the interviewer is told');
    expect(notices).toEqual([{ type: 'access', readOnly: true, reason: 'PAIR_MODE_OFF' }]);
    expect(serverConnection(collab, fixture, 'user-ada')?.readOnly).toBe(true);

    // Their next edit is refused; the one before stays; the connection stays open.
    const dropped = interviewer.droppedUpdates();
    text(interviewer).insert(0, 'AFTER ');
    await eventually(() => interviewer.droppedUpdates() > dropped, 'the server refuses the edit');
    const serverDoc = collab.server.hocuspocus.documents.get(
      sessionDocumentName(fixture.sessionId),
    )!;
    expect(filesOf(serverDoc)[PATH]).toBe('candidate +interviewer');
    expect(interviewer.closes).toEqual([]);
    expect(watcher.closes).toEqual([]);
    expect(watcher.droppedUpdates()).toBe(0);

    // The candidate and services still write.
    text(candidate).insert(text(candidate).length, ' +candidate');
    await settled(candidate);
    text(service).insert(text(service).length, ' +service');
    await settled(service);
    expect(filesOf(serverDoc)[PATH]).toBe('candidate +interviewer +candidate +service');

    // Asking again finds nobody left to stop.
    const again = await stopPairing(collab, fixture.sessionId, await tokenFor(fixture, 'service'));
    expect(await again.json()).toEqual({ sessionId: fixture.sessionId, stoppedConnections: 0 });
  });

  // The race the re-check closes: onAuthenticate read pair mode on, the team
  // turned it off and the endpoint ran before the connection joined the
  // document. Hocuspocus calls `connected` once it has joined; this calls the
  // hook as Hocuspocus would, on the real connection, after the switch.
  it('stops a pair connection that joins the document after the switch (re-check on connected)', async () => {
    const { fixture, interviewer, notices } = await pairingSession();
    await setPairMode(database.db, fixture, false);
    const connection = serverConnection(collab, fixture, 'user-ada')!;
    expect(connection.readOnly).toBe(false);
    const endpoint = collab.server.hocuspocus.configuration.extensions.find(
      (extension) => extension instanceof PairingEndpoint,
    ) as PairingEndpoint;
    await endpoint.connected({
      connection,
      context: connection.context as CollabContext,
      documentName: sessionDocumentName(fixture.sessionId),
    } as Parameters<PairingEndpoint['connected']>[0]);
    expect(connection.readOnly).toBe(true);
    await eventually(() => notices.length > 0, 'the interviewer is told');
    const dropped = interviewer.droppedUpdates();
    text(interviewer).insert(0, 'AFTER ');
    await eventually(() => interviewer.droppedUpdates() > dropped, 'the server refuses the edit');
  });

  it('stops pairing on a closed session too (the end already made it read-only)', async () => {
    const { fixture } = await pairingSession();
    await setSessionStatus(database.db, fixture.sessionId, 'COMPLETED');
    const response = await stopPairing(
      collab,
      fixture.sessionId,
      await tokenFor(fixture, 'service'),
    );
    expect(response.status).toBe(200);
    expect(serverConnection(collab, fixture, 'user-ada')?.readOnly).toBe(true);
  });

  describe('with two instances behind Redis', () => {
    let instances: CollabServer[] = [];

    afterEach(async () => {
      for (const client of clients.splice(0)) client.destroy();
      await Promise.all(instances.map((instance) => instance.close()));
      instances = [];
    });

    it('stops an interviewer pairing through the other instance', async () => {
      const env = { REDIS_URL, REDIS_PREFIX: `test-${randomUUID()}`, HISTORY_FLUSH_MS: '20' };
      instances = [await startTestServer(database, env), await startTestServer(database, env)];
      const [one, two] = instances as [CollabServer, CollabServer];
      const fixture = sessions[next++]!;
      await setPairMode(database.db, fixture, true);
      const candidate = await open(fixture, await tokenFor(fixture, 'candidate'), one);
      candidate.doc.getMap<Y.Text>(SESSION_DOC.files).set(PATH, new Y.Text('candidate'));
      await settled(candidate);
      const interviewer = await open(fixture, await pairToken(fixture), two);
      const notices = noticesOf(interviewer);
      await eventually(() => text(interviewer)?.toString() === 'candidate', 'the file arrives');
      text(interviewer).insert(text(interviewer).length, ' +interviewer');
      await settled(interviewer);
      await setPairMode(database.db, fixture, false);

      const response = await stopPairing(
        one,
        fixture.sessionId,
        await tokenFor(fixture, 'service'),
      );
      expect(response.status).toBe(200);
      // This instance had nobody pairing; the other one stops its own.
      expect(await response.json()).toEqual({
        sessionId: fixture.sessionId,
        stoppedConnections: 0,
      });
      await eventually(() => notices.length > 0, 'the interviewer on the other instance is told');
      expect(serverConnection(two, fixture, 'user-ada')?.readOnly).toBe(true);
      const dropped = interviewer.droppedUpdates();
      text(interviewer).insert(0, 'AFTER ');
      await eventually(() => interviewer.droppedUpdates() > dropped, 'the server refuses the edit');
      text(candidate).insert(text(candidate).length, ' +candidate');
      await settled(candidate);
      await eventually(
        () => text(interviewer).toString() === 'AFTER candidate +interviewer +candidate',
        'the interviewer still sees the candidate type',
      );
      const onOne = one.server.hocuspocus.documents.get(sessionDocumentName(fixture.sessionId))!;
      expect(filesOf(onOne)[PATH]).toBe('candidate +interviewer +candidate');
    });
  });
});
