import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_REASONS } from '../protocol/close-reasons.ts';
import { notesDocumentName, sessionDocumentName } from '../protocol/documents.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../tests/support/database.ts';
import type { CollabServer } from './server.ts';
import { connectClient, eventually, type TestClient } from './testing/clients.ts';
import {
  createSessions,
  type SessionFixture,
  setSessionStatus,
  tokenFor,
} from './testing/fixtures.ts';
import { startTestServer } from './testing/servers.ts';

describe.each(databaseKinds())('who may open which document (%s)', (kind) => {
  let database: TestDatabase;
  let collab: CollabServer;
  let sessionA: SessionFixture;
  let sessionB: SessionFixture;
  let otherOrganization: SessionFixture;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    [sessionA, sessionB] = (await createSessions(database.db, 2)) as [
      SessionFixture,
      SessionFixture,
    ];
    [otherOrganization] = (await createSessions(database.db, 1)) as [SessionFixture];
    collab = await startTestServer(database);
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });

  afterAll(async () => {
    await collab?.close();
    await database?.destroy();
  });

  function open(name: string, token: string): TestClient {
    const client = connectClient(collab.url, name, token);
    clients.push(client);
    return client;
  }

  async function refusal(client: TestClient): Promise<string> {
    await eventually(() => client.authFailures.length > 0, 'the server refuses the token');
    return client.authFailures[0]!;
  }

  async function scope(client: TestClient): Promise<string> {
    await eventually(() => client.provider.isAuthenticated, 'the server accepts the token');
    return client.provider.authorizedScope!;
  }

  it('lets a candidate write their own active session', async () => {
    const client = open(
      sessionDocumentName(sessionA.sessionId),
      await tokenFor(sessionA, 'candidate'),
    );
    expect(await scope(client)).toBe('read-write');
  });

  it('refuses a token for session A on session B', async () => {
    const client = open(
      sessionDocumentName(sessionB.sessionId),
      await tokenFor(sessionA, 'candidate'),
    );
    expect(await refusal(client)).toBe(CLOSE_REASONS.forbidden.reason);
  });

  it('refuses a candidate token naming another candidate than the session’s', async () => {
    const token = await tokenFor(sessionA, 'candidate', { subject: sessionB.candidateId });
    const client = open(sessionDocumentName(sessionA.sessionId), token);
    expect(await refusal(client)).toBe(CLOSE_REASONS.forbidden.reason);
  });

  it('refuses an expired token', async () => {
    const token = await tokenFor(sessionA, 'candidate', { ttl: -60 });
    const client = open(sessionDocumentName(sessionA.sessionId), token);
    expect(await refusal(client)).toBe(CLOSE_REASONS.unauthorized.reason);
  });

  it('closes an interviewer’s open connection when its token expires, and refuses it from then on', async () => {
    const client = open(
      sessionDocumentName(sessionA.sessionId),
      await tokenFor(sessionA, 'interviewer', { ttl: 2 }),
    );
    await eventually(() => client.provider.isSynced, 'the interviewer is synced');
    await eventually(
      () => client.closes.some((close) => close.code === CLOSE_REASONS.unauthorized.code),
      'the server closes the connection at the token’s expiry',
      15_000,
    );
    expect(
      client.closes.find((close) => close.code === CLOSE_REASONS.unauthorized.code)?.reason,
    ).toBe('TOKEN_EXPIRED');
    // The page would reconnect with a renewed token; this one is expired.
    expect(await refusal(client)).toBe(CLOSE_REASONS.unauthorized.reason);
  });

  it('refuses a tampered token', async () => {
    const token = await tokenFor(sessionA, 'candidate');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'service' })).toString(
      'base64url',
    );
    const client = open(
      sessionDocumentName(sessionA.sessionId),
      `${header}.${forged}.${signature}`,
    );
    expect(await refusal(client)).toBe(CLOSE_REASONS.unauthorized.reason);
  });

  it('refuses a connection without a token', async () => {
    const client = open(sessionDocumentName(sessionA.sessionId), '');
    expect(await refusal(client)).toBe(CLOSE_REASONS.unauthorized.reason);
  });

  it('never lets a candidate open the notes', async () => {
    const client = open(
      notesDocumentName(sessionA.sessionId),
      await tokenFor(sessionA, 'candidate'),
    );
    expect(await refusal(client)).toBe(CLOSE_REASONS.forbidden.reason);
  });

  it('gives interviewers and viewers a read-only session and writable notes', async () => {
    for (const role of ['interviewer', 'viewer'] as const) {
      const token = await tokenFor(sessionA, role);
      expect(await scope(open(sessionDocumentName(sessionA.sessionId), token))).toBe('readonly');
      expect(await scope(open(notesDocumentName(sessionA.sessionId), token))).toBe('read-write');
    }
  });

  it('refuses an observer token naming another organization than the session', async () => {
    const token = await tokenFor(sessionA, 'interviewer', {
      organizationId: otherOrganization.organizationId,
    });
    const client = open(sessionDocumentName(sessionA.sessionId), token);
    expect(await refusal(client)).toBe(CLOSE_REASONS.forbidden.reason);
  });

  it('lets a service write the session but not the notes', async () => {
    const token = await tokenFor(sessionA, 'service');
    expect(await scope(open(sessionDocumentName(sessionA.sessionId), token))).toBe('read-write');
    const notes = open(notesDocumentName(sessionA.sessionId), token);
    expect(await refusal(notes)).toBe(CLOSE_REASONS.forbidden.reason);
  });

  it('refuses document names that are not Tandem documents', async () => {
    const client = open(`other/${sessionA.sessionId}`, await tokenFor(sessionA, 'service'));
    expect(await refusal(client)).toBe(CLOSE_REASONS.forbidden.reason);
  });

  it('opens a completed session to its candidate read-only', async () => {
    await setSessionStatus(database.db, sessionB.sessionId, 'COMPLETED');
    const client = open(
      sessionDocumentName(sessionB.sessionId),
      await tokenFor(sessionB, 'candidate'),
    );
    expect(await scope(client)).toBe('readonly');
  });
});
