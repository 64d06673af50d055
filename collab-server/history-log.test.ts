import { asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { yjsCheckpoints, yjsDocuments } from '../db/schema/index.ts';
import { sessionDocumentName } from '../protocol/documents.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../tests/support/database.ts';
import { replayHistory } from './history/replay.ts';
import { appendHistory } from './history/writer.ts';
import type { CollabServer } from './server.ts';
import { connectClient, eventually, settled, type TestClient } from './testing/clients.ts';
import { createSessions, type SessionFixture, tokenFor } from './testing/fixtures.ts';
import { historyOf, startTestServer } from './testing/servers.ts';

describe.each(databaseKinds())('the history log (%s)', (kind) => {
  let database: TestDatabase;
  let sessions: SessionFixture[];
  let next = 0;
  const servers: CollabServer[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    sessions = await createSessions(database.db, 10);
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const server of servers.splice(0)) await server.close();
  });

  afterAll(async () => {
    await database?.destroy();
  });

  async function server(env: Record<string, string> = {}) {
    const started = await startTestServer(database, env);
    servers.push(started);
    return started;
  }

  async function candidate(collab: CollabServer, session: SessionFixture) {
    const name = sessionDocumentName(session.sessionId);
    const client = connectClient(collab.url, name, await tokenFor(session, 'candidate'));
    clients.push(client);
    await settled(client);
    return { name, client, text: client.doc.getText('code') };
  }

  function typeInto(text: Y.Text, keystrokes: number, from = 0) {
    for (let i = 0; i < keystrokes; i++) text.insert(text.length, String((from + i) % 10));
  }

  it('appends keystrokes in batches: far fewer insert statements than updates', async () => {
    const collab = await server();
    const { name, text } = await candidate(collab, sessions[next++]!);
    typeInto(text, 400);
    // The counters move once the write has returned, a little after its
    // rows are visible to other queries.
    await eventually(() => collab.historyStats.rows >= 400, '400 rows counted');
    expect(collab.historyStats.rows).toBe(400);
    expect(await historyOf(database.db, name)).toHaveLength(400);
    expect(collab.historyStats.insertStatements).toBeLessThan(40);
    const seqs = (await historyOf(database.db, name)).map((row) => row.seq);
    expect(seqs).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
  });

  it('writes a checkpoint every CHECKPOINT_EVERY updates holding exactly the log up to it', async () => {
    const collab = await server({ CHECKPOINT_EVERY: '10', HISTORY_FLUSH_MS: '5' });
    const { name, client, text } = await candidate(collab, sessions[next++]!);
    for (let i = 0; i < 35; i++) {
      typeInto(text, 1, i);
      // Small pauses spread the updates over several batches.
      if (i % 4 === 0) await settled(client);
    }
    await eventually(async () => (await historyOf(database.db, name)).length === 35, '35 rows');
    await eventually(() => collab.historyStats.checkpoints === 3, 'three checkpoints');
    const checkpoints = await database.db
      .select()
      .from(yjsCheckpoints)
      .where(eq(yjsCheckpoints.documentName, name))
      .orderBy(asc(yjsCheckpoints.seq));
    expect(checkpoints.map((checkpoint) => checkpoint.seq)).toEqual([10, 20, 30]);
    for (const checkpoint of checkpoints) {
      const fromCheckpoint = new Y.Doc();
      Y.applyUpdate(fromCheckpoint, checkpoint.state);
      const fromLog = await replayHistory(database.db, name, {
        upToSeq: checkpoint.seq,
        useCheckpoints: false,
      });
      expect(fromCheckpoint.getText('code').toString()).toBe(
        fromLog!.doc.getText('code').toString(),
      );
      expect(fromCheckpoint.getText('code').length).toBe(checkpoint.seq);
    }
  });

  it('flushes waiting updates when the document unloads', async () => {
    const collab = await server({ HISTORY_FLUSH_MS: '10000', HISTORY_BATCH_SIZE: '10000' });
    const { name, client, text } = await candidate(collab, sessions[next++]!);
    typeInto(text, 25);
    await settled(client);
    expect(await historyOf(database.db, name)).toHaveLength(0);
    client.destroy();
    await eventually(async () => (await historyOf(database.db, name)).length === 25, '25 rows');
  });

  it('flushes waiting updates before close() resolves', async () => {
    const collab = await server({ HISTORY_FLUSH_MS: '10000', HISTORY_BATCH_SIZE: '10000' });
    const { name, client, text } = await candidate(collab, sessions[next++]!);
    typeInto(text, 25);
    await settled(client);
    await collab.close();
    expect(await historyOf(database.db, name)).toHaveLength(25);
  });

  it('continues a document’s seq after a restart, and the log replays to the document', async () => {
    const session = sessions[next++]!;
    const first = await server();
    const before = await candidate(first, session);
    typeInto(before.text, 10);
    await settled(before.client);
    before.client.destroy();
    await first.close();

    const second = await server();
    const after = await candidate(second, session);
    expect(after.text.toString()).toBe('0123456789');
    typeInto(after.text, 5, 10);
    await eventually(
      async () => (await historyOf(database.db, after.name)).length === 15,
      '15 rows',
    );
    const rows = await historyOf(database.db, after.name);
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    const replayed = await replayHistory(database.db, after.name);
    expect(replayed!.doc.getText('code').toString()).toBe('012345678901234');
  });

  it('appends what a stored document has and its log lacks, as recovered', async () => {
    const session = sessions[next++]!;
    const name = sessionDocumentName(session.sessionId);
    // The log has the first edit; the stored state has a second one too
    // (as if the server died between storing and logging it).
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.getText('code').insert(0, 'logged ');
    doc.getText('code').insert(7, 'unlogged');
    await appendHistory(database.db, [
      {
        documentName: name,
        at: new Date(),
        senderRole: 'candidate',
        senderId: session.candidateId,
        clientId: doc.clientID,
        origin: 'typed',
        update: updates[0]!,
      },
    ]);
    const state = Y.encodeStateAsUpdate(doc);
    await database.db.insert(yjsDocuments).values({ name, state, sizeBytes: state.byteLength });

    const collab = await server();
    const { text } = await candidate(collab, session);
    expect(text.toString()).toBe('logged unlogged');
    const rows = await historyOf(database.db, name);
    expect(rows.map((row) => [row.seq, row.origin, row.senderRole])).toEqual([
      [1, 'typed', 'candidate'],
      [2, 'recovered', 'service'],
    ]);
    expect(collab.historyStats.recovered).toBe(1);
    const replayed = await replayHistory(database.db, name);
    expect(replayed!.doc.getText('code').toString()).toBe('logged unlogged');
  });

  it('restores to a stale stored document what the log already has', async () => {
    const session = sessions[next++]!;
    const name = sessionDocumentName(session.sessionId);
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.getText('code').insert(0, 'stored ');
    const state = Y.encodeStateAsUpdate(doc);
    doc.getText('code').insert(7, 'and logged');
    await database.db.insert(yjsDocuments).values({ name, state, sizeBytes: state.byteLength });
    await appendHistory(
      database.db,
      updates.map((update) => ({
        documentName: name,
        at: new Date(),
        senderRole: 'candidate' as const,
        senderId: session.candidateId,
        clientId: doc.clientID,
        origin: 'typed' as const,
        update,
      })),
    );

    const collab = await server();
    const { text } = await candidate(collab, session);
    expect(text.toString()).toBe('stored and logged');
    expect((await historyOf(database.db, name)).map((row) => row.origin)).toEqual([
      'typed',
      'typed',
    ]);
  });
});
