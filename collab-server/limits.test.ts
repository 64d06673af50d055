import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_REASONS, type CloseReasonName } from '../protocol/close-reasons.ts';
import { sessionDocumentName } from '../protocol/documents.ts';
import { LIMITS } from '../protocol/limits.ts';
import { createTestDatabase, type TestDatabase } from '../tests/support/database.ts';
import type { CollabServer } from './server.ts';
import { connectClient, eventually, filesOf, settled, type TestClient } from './testing/clients.ts';
import { createSessions, type SessionFixture, tokenFor } from './testing/fixtures.ts';
import { historyOf, startTestServer } from './testing/servers.ts';

// Limits are decided before anything touches the database, so PGlite is enough here.
describe('limits on what a client may write', () => {
  let database: TestDatabase;
  let collab: CollabServer;
  let small: CollabServer;
  let sessions: SessionFixture[];
  let next = 0;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    sessions = await createSessions(database.db, 20);
    collab = await startTestServer(database, { HISTORY_FLUSH_MS: '20' });
    small = await startTestServer(
      database,
      { HISTORY_FLUSH_MS: '20' },
      {
        maxDocumentBytes: 64 * 1024,
        maxUpdateBytes: 40 * 1024,
      },
    );
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });

  afterAll(async () => {
    await collab?.close();
    await small?.close();
    await database?.destroy();
  });

  /** A candidate on a fresh session with `src/main.ts` = 'hello' already written. */
  async function sessionWithOneFile(server = collab) {
    const session = sessions[next++]!;
    const name = sessionDocumentName(session.sessionId);
    const token = await tokenFor(session, 'candidate');
    const candidate = connectClient(server.url, name, token);
    clients.push(candidate);
    await settled(candidate);
    candidate.doc.getMap<Y.Text>('files').set('src/main.ts', new Y.Text('hello'));
    await settled(candidate);
    const hostile = connectClient(server.url, name, token);
    clients.push(hostile);
    await settled(hostile);
    const serverDoc = () => server.server.hocuspocus.documents.get(name)!;
    return { name, candidate, hostile, serverDoc };
  }

  async function expectRefused(client: TestClient, reason: CloseReasonName) {
    await eventually(() => client.closes.length > 0, `the server closes with ${reason}`);
    expect(client.closes[0]).toEqual(CLOSE_REASONS[reason]);
    // Its provider would reconnect and offer the same change again: stop it.
    client.destroy();
  }

  it('refuses an update over the size limit and keeps the document as it was', async () => {
    const { name, hostile, serverDoc } = await sessionWithOneFile();
    const huge = 'x'.repeat(LIMITS.maxUpdateBytes + 1024);
    hostile.doc.getMap<Y.Text>('files').get('src/main.ts')!.insert(5, huge);
    await expectRefused(hostile, 'updateTooLarge');
    expect(filesOf(serverDoc())).toEqual({ 'src/main.ts': 'hello' });
    const logged = await historyOf(database.db, name);
    expect(logged.every((row) => row.update.byteLength < LIMITS.maxUpdateBytes)).toBe(true);
  });

  for (const path of [
    '../x',
    '/etc/passwd',
    'src/../../x',
    'C:/Windows/x',
    'nul\u0000byte.ts',
    'a\\b',
  ]) {
    it(`refuses the path ${JSON.stringify(path)} and keeps the document as it was`, async () => {
      const { hostile, serverDoc } = await sessionWithOneFile();
      hostile.doc.getMap<Y.Text>('files').set(path, new Y.Text('owned'));
      await expectRefused(hostile, 'badPath');
      expect(filesOf(serverDoc())).toEqual({ 'src/main.ts': 'hello' });
    });
  }

  it('refuses a hostile folder path too', async () => {
    const { hostile, serverDoc } = await sessionWithOneFile();
    hostile.doc.getMap('folders').set('../outside', true);
    await expectRefused(hostile, 'badPath');
    expect([...serverDoc().getMap('folders').keys()]).toEqual([]);
  });

  it('refuses 10,000 files at once and keeps the document as it was', async () => {
    const { hostile, serverDoc } = await sessionWithOneFile();
    hostile.doc.transact(() => {
      const files = hostile.doc.getMap<Y.Text>('files');
      for (let i = 0; i < 10_000; i++) files.set(`spam/${i}.txt`, new Y.Text());
    });
    await expectRefused(hostile, 'tooManyFiles');
    expect(filesOf(serverDoc())).toEqual({ 'src/main.ts': 'hello' });
  });

  it('allows files up to the limit, refuses one more, and still allows a rename at the limit', async () => {
    const { candidate, hostile, serverDoc } = await sessionWithOneFile();
    const files = candidate.doc.getMap<Y.Text>('files');
    candidate.doc.transact(() => {
      for (let i = 1; i < LIMITS.maxFilesPerSession; i++) files.set(`f/${i}.ts`, new Y.Text());
    });
    await settled(candidate);
    expect(serverDoc().getMap('files').size).toBe(LIMITS.maxFilesPerSession);
    candidate.doc.transact(() => {
      files.delete('f/1.ts');
      files.set('f/renamed.ts', new Y.Text());
    });
    await settled(candidate);
    expect(serverDoc().getMap('files').has('f/renamed.ts')).toBe(true);
    await eventually(
      () => hostile.doc.getMap('files').has('f/renamed.ts'),
      'the other tab sees it',
    );
    hostile.doc.getMap<Y.Text>('files').set('one-too-many.ts', new Y.Text());
    await expectRefused(hostile, 'tooManyFiles');
    expect(serverDoc().getMap('files').size).toBe(LIMITS.maxFilesPerSession);
  });

  it('refuses re-creating deleted files beyond the limit', async () => {
    const { candidate, hostile, serverDoc } = await sessionWithOneFile();
    const files = candidate.doc.getMap<Y.Text>('files');
    candidate.doc.transact(() => {
      for (let i = 0; i < LIMITS.maxFilesPerSession; i++) files.set(`old/${i}.ts`, new Y.Text());
    });
    candidate.doc.transact(() => {
      for (let i = 0; i < LIMITS.maxFilesPerSession; i++) files.delete(`old/${i}.ts`);
    });
    await settled(candidate);
    await eventually(
      () => hostile.doc.getMap('files').size === 1,
      'the other tab sees the deletes',
    );
    // Setting a deleted key again writes a value whose origin is the old one,
    // without naming the map: the server must still count it.
    hostile.doc.transact(() => {
      const same = hostile.doc.getMap<Y.Text>('files');
      for (let i = 0; i < LIMITS.maxFilesPerSession; i++) same.set(`old/${i}.ts`, new Y.Text());
    });
    await expectRefused(hostile, 'tooManyFiles');
    expect(filesOf(serverDoc())).toEqual({ 'src/main.ts': 'hello' });
  });

  it('refuses a file whose content is not a Y.Text', async () => {
    const { hostile, serverDoc } = await sessionWithOneFile();
    hostile.doc.getMap<unknown>('files').set('src/data.ts', 'a plain string');
    await expectRefused(hostile, 'malformed');
    expect(filesOf(serverDoc())).toEqual({ 'src/main.ts': 'hello' });
  });

  it('refuses the update that would grow the document past its size limit', async () => {
    const { candidate, hostile, serverDoc } = await sessionWithOneFile(small);
    const text = candidate.doc.getMap<Y.Text>('files').get('src/main.ts')!;
    text.insert(5, 'a'.repeat(30 * 1024));
    await settled(candidate);
    await eventually(
      () => hostile.doc.getMap<Y.Text>('files').get('src/main.ts')?.length === 5 + 30 * 1024,
      'the other tab has the text',
    );
    const before = filesOf(serverDoc());
    hostile.doc
      .getMap<Y.Text>('files')
      .get('src/main.ts')!
      .insert(0, 'b'.repeat(36 * 1024));
    await expectRefused(hostile, 'documentTooLarge');
    expect(filesOf(serverDoc())).toEqual(before);
  });

  it('keeps serving well-behaved clients of the document after refusing another', async () => {
    const { candidate, hostile, serverDoc } = await sessionWithOneFile();
    hostile.doc.getMap<Y.Text>('files').set('../escape', new Y.Text());
    await expectRefused(hostile, 'badPath');
    candidate.doc.getMap<Y.Text>('files').get('src/main.ts')!.insert(5, ', world');
    await settled(candidate);
    expect(filesOf(serverDoc())).toEqual({ 'src/main.ts': 'hello, world' });
  });
});
