import { HocuspocusProvider } from '@hocuspocus/provider';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_REASONS } from '../protocol/close-reasons.ts';
import { sessionDocumentName } from '../protocol/documents.ts';
import { OriginTagger, transactWithOrigin } from '../protocol/origin-tagger.ts';
import { encodeOriginMessage } from '../protocol/origins.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../tests/support/database.ts';
import type { CollabServer } from './server.ts';
import { connectClient, eventually, settled, type TestClient } from './testing/clients.ts';
import { createSessions, type SessionFixture, tokenFor } from './testing/fixtures.ts';
import { historyOf, startTestServer } from './testing/servers.ts';

/** The text an update inserts (tests insert one marker per transaction). */
function insertedText(update: Uint8Array): string {
  return Y.decodeUpdate(update)
    .structs.map((struct) =>
      struct instanceof Y.Item && struct.content instanceof Y.ContentString
        ? struct.content.str
        : '',
    )
    .join('');
}

describe.each(databaseKinds())('edit origins (%s)', (kind) => {
  let database: TestDatabase;
  let collab: CollabServer;
  let sessions: SessionFixture[];
  let next = 0;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    sessions = await createSessions(database.db, 8);
    collab = await startTestServer(database, { HISTORY_FLUSH_MS: '20' });
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });

  afterAll(async () => {
    await collab?.close();
    await database?.destroy();
  });

  /** A fresh session per test, so each test reads only its own history. */
  async function candidateOnNewSession() {
    const session = sessions[next++]!;
    const name = sessionDocumentName(session.sessionId);
    const client = connectClient(collab.url, name, await tokenFor(session, 'candidate'));
    clients.push(client);
    await settled(client);
    return { session, name, client, text: client.doc.getText('scratch') };
  }

  async function rowsOnceLogged(name: string, count: number) {
    await eventually(
      async () => (await historyOf(database.db, name)).length >= count,
      `${count} rows are logged`,
    );
    return historyOf(database.db, name);
  }

  it('records typed edits, pastes, AI pastes and file operations with the sender from the token', async () => {
    const { session, name, client, text } = await candidateOnNewSession();
    const tagger = new OriginTagger(client.provider);
    text.insert(0, 'typed;');
    tagger.run('paste', () => text.insert(text.length, 'pasted;'));
    text.insert(text.length, 'typed again;');
    tagger.run('ai-paste', () => text.insert(text.length, 'from the assistant;'));
    tagger.run('file-op', () => client.doc.getMap<Y.Text>('files').set('a.ts', new Y.Text()));
    const rows = await rowsOnceLogged(name, 5);
    expect(rows.map((row) => [row.seq, row.origin, insertedText(row.update)])).toEqual([
      [1, 'typed', 'typed;'],
      [2, 'paste', 'pasted;'],
      [3, 'typed', 'typed again;'],
      [4, 'ai-paste', 'from the assistant;'],
      [5, 'file-op', ''],
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({
        senderRole: 'candidate',
        senderId: session.candidateId,
        clientId: client.doc.clientID,
      });
    }
  });

  it('keeps each tag with exactly the updates sent after it, over hundreds of messages sent at once', async () => {
    const { name, client, text } = await candidateOnNewSession();
    const tagger = new OriginTagger(client.provider);
    // No waiting between edits: tags and updates queue up on the socket and
    // the server works through them in one go.
    for (let i = 0; i < 300; i++) {
      if (i % 3 === 0) tagger.run('paste', () => text.insert(text.length, `p${i};`));
      else if (i % 7 === 0) tagger.run('ai-paste', () => text.insert(text.length, `a${i};`));
      else text.insert(text.length, `t${i};`);
    }
    const rows = await rowsOnceLogged(name, 300);
    const expected = { p: 'paste', a: 'ai-paste', t: 'typed' } as const;
    for (const row of rows) {
      const marker = insertedText(row.update);
      expect([marker, row.origin]).toEqual([marker, expected[marker[0] as keyof typeof expected]]);
    }
  });

  it('keeps tags in order when the provider batches its updates (flushDelay)', async () => {
    const session = sessions[next++]!;
    const name = sessionDocumentName(session.sessionId);
    const doc = new Y.Doc();
    const provider = new HocuspocusProvider({
      url: collab.url,
      name,
      document: doc,
      token: await tokenFor(session, 'candidate'),
      flushDelay: 30,
    });
    try {
      await eventually(() => provider.isSynced, 'the batching provider syncs');
      const text = doc.getText('scratch');
      const tagger = new OriginTagger(provider);
      text.insert(0, 't1;');
      text.insert(text.length, 't2;');
      tagger.run('paste', () => text.insert(text.length, 'p3;'));
      text.insert(text.length, 't4;');
      const rows = await rowsOnceLogged(name, 3);
      expect(rows.map((row) => [row.origin, insertedText(row.update)])).toEqual([
        ['typed', 't1;t2;'],
        ['paste', 'p3;'],
        ['typed', 't4;'],
      ]);
    } finally {
      provider.destroy();
    }
  });

  it('refuses a candidate claiming a terminal edit, and records none', async () => {
    const { name, client, text } = await candidateOnNewSession();
    client.provider.sendStateless(encodeOriginMessage('terminal'));
    text.insert(0, 'pretending to be the terminal');
    await eventually(() => client.closes.length > 0, 'the server closes the connection');
    expect(client.closes[0]).toEqual(CLOSE_REASONS.badOrigin);
    client.destroy();
    const rows = await historyOf(database.db, name);
    expect(rows.filter((row) => row.origin === 'terminal')).toEqual([]);
  });

  it('refuses an origin nobody may claim', async () => {
    const { client } = await candidateOnNewSession();
    client.provider.sendStateless(JSON.stringify({ type: 'origin', origin: 'recovered' }));
    await eventually(() => client.closes.length > 0, 'the server closes the connection');
    expect(client.closes[0]?.code).toBe(CLOSE_REASONS.badOrigin.code);
  });

  it('records a service’s terminal writes under the service’s name from its token', async () => {
    const session = sessions[next++]!;
    const name = sessionDocumentName(session.sessionId);
    const bridge = connectClient(collab.url, name, await tokenFor(session, 'service'));
    clients.push(bridge);
    await settled(bridge);
    const text = bridge.doc.getText('scratch');
    new OriginTagger(bridge.provider).run('terminal', () => text.insert(0, 'from the shell;'));
    text.insert(text.length, 'untagged;');
    const rows = await rowsOnceLogged(name, 2);
    expect(rows.map((row) => [row.senderRole, row.senderId, row.origin])).toEqual([
      ['service', 'bridge', 'terminal'],
      ['service', 'bridge', 'api'],
    ]);
  });

  it('records in-process (direct connection) transactions with the origin in their context', async () => {
    const session = sessions[next++]!;
    const name = sessionDocumentName(session.sessionId);
    const direct = await collab.openDirectConnection(name, {
      participant: {
        role: 'service',
        id: 'bridge',
        name: 'Sandbox bridge',
        sessionId: session.sessionId,
      },
    });
    try {
      await transactWithOrigin(direct, 'terminal', (doc) => doc.getText('scratch').insert(0, 'a;'));
      await transactWithOrigin(direct, 'tool', (doc) => doc.getText('scratch').insert(2, 'b;'));
      await direct.transact((doc) => doc.getText('scratch').insert(4, 'c;'));
    } finally {
      await direct.disconnect();
    }
    const rows = await rowsOnceLogged(name, 3);
    expect(rows.map((row) => [row.senderId, row.origin, insertedText(row.update)])).toEqual([
      ['bridge', 'terminal', 'a;'],
      ['bridge', 'tool', 'b;'],
      ['bridge', 'api', 'c;'],
    ]);
  });
});
