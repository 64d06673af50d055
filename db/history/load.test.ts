import { and, eq, lte } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  decodeHistory,
  encodeHistory,
  type SessionHistory,
} from '../../protocol/history-format.ts';
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from '../../tests/support/database.ts';
import * as schema from '../schema/index.ts';
import { loadSessionHistory } from './load.ts';

const start = new Date('2026-11-28T10:00:00.000Z').getTime();

/** 120 real updates (a file created, then typed into), checkpoints every 50. */
function recordUpdates(clientId: number) {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const updates: SessionHistory['updates'] = [];
  const checkpoints: SessionHistory['checkpoints'] = [];
  doc.on('update', (bytes: Uint8Array) => {
    const seq = updates.length + 1;
    // Several updates share a millisecond, as they do under fast typing.
    const at = start + Math.floor(seq / 3) * 7;
    updates.push({
      seq,
      at,
      origin: seq === 1 ? 'seed' : 'typed',
      senderRole: 'candidate',
      senderId: 'c1',
      clientId,
      bytes,
    });
    if (seq % 50 === 0) checkpoints.push({ seq, at, state: Y.encodeStateAsUpdate(doc) });
  });
  const files = doc.getMap<Y.Text>('files');
  files.set('main.ts', new Y.Text(''));
  for (let i = 0; i < 119; i++) files.get('main.ts')!.insert(i, 'x');
  return { updates, checkpoints };
}

describe.each(databaseKinds())('loadSessionHistory on %s', (kind) => {
  let database: TestDatabase;
  const { updates, checkpoints } = recordUpdates(7);
  const notes = Y.encodeStateAsUpdate(new Y.Doc());
  const events: SessionHistory['events'] = [
    {
      seq: 0,
      at: start + 500,
      type: 'test_result',
      source: 'server',
      data: { name: 'adds', passed: true },
    },
    { seq: 0, at: start + 100, type: 'focus', source: 'client', data: { focused: false } },
    { seq: 0, at: start + 100, type: 'focus', source: 'client', data: { focused: true } },
  ];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    await db.insert(schema.organizations).values({ id: 'o1', name: 'Acme', slug: 'acme' });
    await db.insert(schema.problems).values({
      id: 'p1',
      organizationId: 'o1',
      title: 'Two Sum',
      description: '#',
      difficulty: 'EASY',
      category: 'arrays',
      language: 'typescript',
      starterFiles: [],
      visibleTests: [],
      referenceSolution: [],
    });
    await db
      .insert(schema.assessments)
      .values({ id: 'a1', organizationId: 'o1', title: 'Screen', durationMinutes: 60 });
    for (const id of ['s1', 's2']) {
      await db.insert(schema.candidates).values({
        id: `c-${id}`,
        organizationId: 'o1',
        assessmentId: 'a1',
        name: id,
        email: `${id}@example.com`,
      });
      await db.insert(schema.interviewSessions).values({
        id,
        candidateId: `c-${id}`,
        organizationId: 'o1',
        problemId: 'p1',
        startedAt: new Date(start),
        deadlineAt: new Date(start + 3_600_000),
        endedAt: id === 's1' ? new Date(start + 60_000) : null,
      });
    }
    // Rows arrive in no particular order; another session's rows sit beside them.
    const rows = (documentName: string) =>
      updates.map((u) => ({
        documentName,
        seq: u.seq,
        at: new Date(u.at),
        senderRole: u.senderRole,
        senderId: u.senderId,
        clientId: u.clientId,
        origin: u.origin,
        update: u.bytes,
      }));
    await db.insert(schema.yjsUpdates).values([...rows('session/s1')].reverse());
    await db.insert(schema.yjsUpdates).values(rows('session/s2').slice(0, 10));
    await db.insert(schema.yjsCheckpoints).values(
      checkpoints.map((c) => ({
        documentName: 'session/s1',
        seq: c.seq,
        at: new Date(c.at),
        state: c.state,
      })),
    );
    for (const event of events) {
      await db.insert(schema.sessionEvents).values({
        sessionId: 's1',
        at: new Date(event.at),
        type: event.type,
        source: event.source,
        data: event.data,
      });
    }
    await db
      .insert(schema.sessionEvents)
      .values({ sessionId: 's2', at: new Date(start), type: 'focus', source: 'client', data: {} });
    await db
      .insert(schema.yjsDocuments)
      .values({ name: 'notes/s1', state: notes, sizeBytes: notes.length });
  });

  afterAll(async () => {
    await database?.destroy();
  });

  it('reads the update log in seq order, the events in time order and the notes state', async () => {
    const history = await loadSessionHistory(database.db, 's1');
    expect(history).not.toBeNull();
    expect(history!.meta).toEqual({
      sessionId: 's1',
      documentName: 'session/s1',
      startedAt: start,
      endedAt: start + 60_000,
    });
    expect(history!.updates).toEqual(updates);
    expect(history!.events.map((e) => [e.at, e.type, e.data])).toEqual([
      [start + 100, 'focus', { focused: false }],
      [start + 100, 'focus', { focused: true }],
      [start + 500, 'test_result', { name: 'adds', passed: true }],
    ]);
    expect(history!.notes).toEqual(notes);
    expect(history!.checkpoints).toEqual([]);
    expect(decodeHistory(encodeHistory(history!))).toEqual(history);
  });

  it('adds the checkpoint a pruned log starts from, or all of them when asked', async () => {
    const all = await loadSessionHistory(database.db, 's1', { checkpoints: 'all' });
    expect(all!.checkpoints).toEqual(checkpoints);
    await database.db
      .delete(schema.yjsUpdates)
      .where(
        and(eq(schema.yjsUpdates.documentName, 'session/s1'), lte(schema.yjsUpdates.seq, 100)),
      );
    const pruned = await loadSessionHistory(database.db, 's1');
    expect(pruned!.updates.map((u) => u.seq)).toEqual(updates.slice(100).map((u) => u.seq));
    expect(pruned!.checkpoints).toEqual([checkpoints[1]]);
  });

  it('keeps another session apart and answers null for an unknown one', async () => {
    const other = await loadSessionHistory(database.db, 's2');
    expect(other!.updates).toHaveLength(10);
    expect(other!.events).toHaveLength(1);
    expect(other!.notes).toBeNull();
    expect(other!.meta.endedAt).toBeNull();
    expect(await loadSessionHistory(database.db, 'nope')).toBeNull();
  });
});
