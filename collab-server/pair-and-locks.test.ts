import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_REASONS, type CloseReasonName } from '../protocol/close-reasons.ts';
import { SESSION_DOC, sessionDocumentName } from '../protocol/documents.ts';
import { OriginTagger } from '../protocol/origin-tagger.ts';
import type { ParticipantRole } from '../protocol/roles.ts';
import { signSessionToken } from '../protocol/tokens.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../tests/support/database.ts';
import type { CollabServer } from './server.ts';
import { closeCandidateConnections } from './session-closer.ts';
import { connectClient, eventually, filesOf, settled, type TestClient } from './testing/clients.ts';
import {
  createSessions,
  type SessionFixture,
  setPairMode,
  TEST_SECRET,
  tokenFor,
} from './testing/fixtures.ts';
import { sendRawSync } from './testing/raw-messages.ts';
import { historyOf, startTestServer } from './testing/servers.ts';

/** A token as the app mints it, optionally asking to pair (decision 027). */
function memberToken(
  fixture: SessionFixture,
  role: ParticipantRole,
  options: { pair?: boolean; subject?: string; secret?: string } = {},
): Promise<string> {
  const subject = options.subject ?? `member-${role}`;
  return signSessionToken(
    {
      sessionId: fixture.sessionId,
      organizationId: fixture.organizationId,
      subject,
      role,
      name: `Member ${subject}`,
      ...(options.pair ? { pair: true } : {}),
    },
    options.secret ?? TEST_SECRET,
    3600,
  );
}

describe.each(databaseKinds())('pair mode and locked problems (%s)', (kind) => {
  let database: TestDatabase;
  let collab: CollabServer;
  let pairOff: SessionFixture[];
  let pairOn: SessionFixture[];
  let nextOff = 0;
  let nextOn = 0;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    // Each call makes its own organization and assessment.
    pairOff = await createSessions(database.db, 12);
    pairOn = await createSessions(database.db, 10);
    await setPairMode(database.db, pairOn[0]!, true);
    collab = await startTestServer(database, { HISTORY_FLUSH_MS: '20' });
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });

  afterAll(async () => {
    await collab?.close();
    await database?.destroy();
  });

  function open(fixture: SessionFixture, token: string): TestClient {
    const client = connectClient(collab.url, sessionDocumentName(fixture.sessionId), token);
    clients.push(client);
    return client;
  }

  /** A session whose candidate wrote `1-a/solution.ts` and `2-b/solution.ts`. */
  async function sessionWithFiles(fixture: SessionFixture) {
    const candidate = open(fixture, await tokenFor(fixture, 'candidate'));
    await settled(candidate);
    candidate.doc.transact(() => {
      const files = candidate.doc.getMap<Y.Text>(SESSION_DOC.files);
      files.set('1-a/solution.ts', new Y.Text('first'));
      files.set('2-b/solution.ts', new Y.Text('second'));
    });
    await settled(candidate);
    const name = sessionDocumentName(fixture.sessionId);
    const serverDoc = () => collab.server.hocuspocus.documents.get(name)!;
    return { candidate, name, serverDoc };
  }

  async function expectRefused(client: TestClient, reason: CloseReasonName) {
    await eventually(() => client.closes.length > 0, `the server closes with ${reason}`);
    expect(client.closes[0]).toEqual(CLOSE_REASONS[reason]);
    client.destroy();
  }

  /** Types into a file through a client and waits for the server to answer the update. */
  async function typeInto(client: TestClient, path: string, text: string) {
    await settled(client);
    const dropped = client.droppedUpdates();
    client.doc.getMap<Y.Text>(SESSION_DOC.files).get(path)!.insert(0, text);
    await eventually(
      () => client.droppedUpdates() > dropped || !client.provider.hasUnsyncedChanges,
      'the server answers the update',
    );
  }

  describe('pair mode', () => {
    it('keeps an interviewer read-only when the assessment has pair mode off, even with a pair token', async () => {
      const fixture = pairOff[nextOff++]!;
      const { serverDoc } = await sessionWithFiles(fixture);
      const interviewer = open(fixture, await memberToken(fixture, 'interviewer', { pair: true }));
      await settled(interviewer);
      expect(interviewer.readOnly()).toBe(true);
      await typeInto(interviewer, '1-a/solution.ts', 'INTERVIEWER ');
      expect(interviewer.droppedUpdates()).toBeGreaterThan(0);
      expect(filesOf(serverDoc())['1-a/solution.ts']).toBe('first');
    });

    it('keeps an observer token (no pair request) read-only with pair mode on', async () => {
      const fixture = pairOn[nextOn++]!;
      const { serverDoc } = await sessionWithFiles(fixture);
      const observer = open(fixture, await memberToken(fixture, 'interviewer'));
      await settled(observer);
      expect(observer.readOnly()).toBe(true);
      await typeInto(observer, '1-a/solution.ts', 'OBSERVER ');
      expect(observer.droppedUpdates()).toBeGreaterThan(0);
      expect(filesOf(serverDoc())['1-a/solution.ts']).toBe('first');
    });

    it('keeps a viewer read-only even when their token asks to pair', async () => {
      const fixture = pairOn[nextOn++]!;
      const { serverDoc } = await sessionWithFiles(fixture);
      const viewer = open(fixture, await memberToken(fixture, 'viewer', { pair: true }));
      await settled(viewer);
      expect(viewer.readOnly()).toBe(true);
      await typeInto(viewer, '1-a/solution.ts', 'VIEWER ');
      expect(filesOf(serverDoc())['1-a/solution.ts']).toBe('first');
    });

    it('refuses a forged pair token (signed with another key) outright', async () => {
      const fixture = pairOn[nextOn++]!;
      const forged = open(
        fixture,
        await memberToken(fixture, 'interviewer', {
          pair: true,
          secret: 'not-the-server-secret-0123456789abcdef',
        }),
      );
      await eventually(() => forged.authFailures.length > 0, 'the server refuses the token');
      expect(forged.authFailures[0]).toBe(CLOSE_REASONS.unauthorized.reason);
    });

    it('lets an interviewer with a pair token write, records the edit as theirs, and the candidate sees it', async () => {
      const fixture = pairOn[nextOn++]!;
      const { candidate, name, serverDoc } = await sessionWithFiles(fixture);
      const interviewer = open(
        fixture,
        await memberToken(fixture, 'interviewer', { pair: true, subject: 'user-ada' }),
      );
      await settled(interviewer);
      expect(interviewer.readOnly()).toBe(false);
      const text = interviewer.doc.getMap<Y.Text>(SESSION_DOC.files).get('1-a/solution.ts')!;
      text.insert(text.length, ' +typed');
      // A paste tag from the interviewer's editor: still recorded as the interviewer's.
      new OriginTagger(interviewer.provider).run('paste', () =>
        text.insert(text.length, ' +pasted'),
      );
      await settled(interviewer);
      expect(filesOf(serverDoc())['1-a/solution.ts']).toBe('first +typed +pasted');
      await eventually(
        () =>
          candidate.doc.getMap<Y.Text>(SESSION_DOC.files).get('1-a/solution.ts')!.toString() ===
          'first +typed +pasted',
        'the candidate sees the interviewer’s edit',
      );
      await eventually(
        async () => (await historyOf(database.db, name)).some((row) => row.senderId === 'user-ada'),
        'the interviewer’s edits are logged',
      );
      await eventually(
        async () =>
          (await historyOf(database.db, name)).filter((row) => row.senderId === 'user-ada')
            .length >= 2,
        'both interviewer edits are logged',
      );
      const rows = (await historyOf(database.db, name)).filter(
        (row) => row.senderRole === 'interviewer',
      );
      expect(rows.length).toBe(2);
      expect(rows.map((row) => [row.origin, row.senderId])).toEqual([
        ['interviewer', 'user-ada'],
        ['interviewer', 'user-ada'],
      ]);
      // The candidate's own edits keep the candidate's origin.
      const candidateRows = (await historyOf(database.db, name)).filter(
        (row) => row.senderRole === 'candidate',
      );
      expect(candidateRows.every((row) => row.origin === 'typed')).toBe(true);
    });

    it('keeps a pair token read-only once the session is over', async () => {
      const fixture = pairOn[nextOn++]!;
      const { serverDoc } = await sessionWithFiles(fixture);
      const { interviewSessions } = await import('../db/schema/index.ts');
      await database.db
        .update(interviewSessions)
        .set({ status: 'COMPLETED' })
        .where(eq(interviewSessions.id, fixture.sessionId));
      const interviewer = open(fixture, await memberToken(fixture, 'interviewer', { pair: true }));
      await settled(interviewer);
      expect(interviewer.readOnly()).toBe(true);
      await typeInto(interviewer, '1-a/solution.ts', 'LATE ');
      expect(filesOf(serverDoc())['1-a/solution.ts']).toBe('first');
    });

    it('makes a pairing interviewer read-only in place when the session closes (the room stays open)', async () => {
      const fixture = pairOn[nextOn++]!;
      const { serverDoc } = await sessionWithFiles(fixture);
      const interviewer = open(fixture, await memberToken(fixture, 'interviewer', { pair: true }));
      await settled(interviewer);
      expect(interviewer.readOnly()).toBe(false);
      expect(closeCandidateConnections(collab.server.hocuspocus, fixture.sessionId)).toBe(2);
      await typeInto(interviewer, '1-a/solution.ts', 'AFTER THE END ');
      expect(interviewer.droppedUpdates()).toBeGreaterThan(0);
      expect(filesOf(serverDoc())['1-a/solution.ts']).toBe('first');
      expect(interviewer.closes).toEqual([]);
    });
  });

  describe('locked problem folders', () => {
    /** A session with two problem folders, the first locked by a service. */
    async function lockedSession(fixture: SessionFixture) {
      const base = await sessionWithFiles(fixture);
      const service = open(fixture, await tokenFor(fixture, 'service'));
      await settled(service);
      service.doc.getMap<boolean>(SESSION_DOC.locked).set('1-a', true);
      await settled(service);
      await eventually(
        () => base.candidate.doc.getMap(SESSION_DOC.locked).has('1-a'),
        'the candidate learns of the lock',
      );
      const hostile = open(fixture, await tokenFor(fixture, 'candidate'));
      await settled(hostile);
      return { ...base, service, hostile };
    }

    it('refuses typing into a locked folder and keeps the text as it was at Done', async () => {
      const fixture = pairOff[nextOff++]!;
      const { hostile, serverDoc } = await lockedSession(fixture);
      hostile.doc.getMap<Y.Text>(SESSION_DOC.files).get('1-a/solution.ts')!.insert(0, 'late ');
      await expectRefused(hostile, 'problemLocked');
      expect(filesOf(serverDoc())['1-a/solution.ts']).toBe('first');
    });

    // Each attack is built on a copy of the hostile client's document and
    // sent as raw bytes, as a script would (one session each: refusals count
    // against the candidate's connection quota).
    const attacks: Array<[string, (doc: Y.Doc) => void]> = [
      ['deleting text', (doc) => doc.getMap<Y.Text>('files').get('1-a/solution.ts')!.delete(0, 3)],
      ['deleting the file', (doc) => doc.getMap('files').delete('1-a/solution.ts')],
      ['adding a file', (doc) => doc.getMap('files').set('1-a/extra.ts', new Y.Text('x'))],
      ['replacing the file', (doc) => doc.getMap('files').set('1-a/solution.ts', new Y.Text('z'))],
      ['removing the lock', (doc) => doc.getMap(SESSION_DOC.locked).delete('1-a')],
      ['adding a folder', (doc) => doc.getMap(SESSION_DOC.folders).set('1-a/sub', true)],
    ];
    for (const [what, attack] of attacks) {
      it(`refuses ${what} in a locked folder, sent as raw Yjs, and keeps the next problem writable`, async () => {
        const fixture = pairOff[nextOff++]!;
        const { hostile, serverDoc, candidate } = await lockedSession(fixture);
        const copy = new Y.Doc();
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(hostile.doc));
        const before = Y.encodeStateVector(copy);
        attack(copy);
        sendRawSync(hostile, 'update', Y.encodeStateAsUpdate(copy, before));
        copy.destroy();
        await expectRefused(hostile, 'problemLocked');
        expect(filesOf(serverDoc())).toEqual({
          '1-a/solution.ts': 'first',
          '2-b/solution.ts': 'second',
        });
        expect([...serverDoc().getMap(SESSION_DOC.locked).keys()]).toEqual(['1-a']);
        expect([...serverDoc().getMap(SESSION_DOC.folders).keys()]).toEqual([]);
        candidate.doc.getMap<Y.Text>(SESSION_DOC.files).get('2-b/solution.ts')!.insert(6, '!');
        await settled(candidate);
        expect(filesOf(serverDoc())['2-b/solution.ts']).toBe('second!');
      });
    }

    it('refuses a pairing interviewer’s edit to a locked folder too', async () => {
      const fixture = pairOn[nextOn++]!;
      const { serverDoc } = await lockedSession(fixture);
      const interviewer = open(fixture, await memberToken(fixture, 'interviewer', { pair: true }));
      await settled(interviewer);
      expect(interviewer.readOnly()).toBe(false);
      interviewer.doc.getMap<Y.Text>(SESSION_DOC.files).get('1-a/solution.ts')!.insert(0, 'x');
      await expectRefused(interviewer, 'problemLocked');
      expect(filesOf(serverDoc())['1-a/solution.ts']).toBe('first');
    });

    it('lets services (the app, the bridge) still write a locked folder', async () => {
      const fixture = pairOff[nextOff++]!;
      const { service, serverDoc } = await lockedSession(fixture);
      service.doc.getMap<Y.Text>(SESSION_DOC.files).get('1-a/solution.ts')!.insert(5, '.');
      await settled(service);
      expect(filesOf(serverDoc())['1-a/solution.ts']).toBe('first.');
    });
  });
});
