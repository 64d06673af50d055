import { sql } from 'drizzle-orm';
import * as Y from 'yjs';
import {
  notesDocumentName,
  SESSION_DOC,
  sessionDocumentName,
} from '../../../protocol/documents.ts';
import type { Database } from '../../client.ts';
import {
  interviewSessions,
  sessionEvents,
  yjsCheckpoints,
  yjsDocuments,
  yjsUpdates,
} from '../../schema/index.ts';
import { seedScale } from '../../seed/scale.ts';

/**
 * A database worth backing up: scale-seeded organizations, candidates and
 * sessions, and for some sessions a Yjs history made by real edits (see
 * `writeHistory`), with the values a text round trip could bend: binary
 * updates, a JSON `null` in a NOT NULL jsonb column, a bigint beyond 2^53,
 * quotes, newlines and emoji.
 */
export async function fillWithHistories(db: Database, options: { histories: number }) {
  await seedScale(db, { candidates: 40, assessments: 3, seed: 7 });
  const sessions = await db
    .select({ id: interviewSessions.id })
    .from(interviewSessions)
    .limit(options.histories);
  for (const [index, session] of sessions.entries()) {
    await writeHistory(db, session.id, { index, edits: 30 });
  }
  // Yjs client ids fit in 32 bits, but the column is a bigint: one beyond 2^53
  // proves values never pass through a JS number on the way.
  await db.execute(
    sql`update yjs_updates set client_id = 9007199254740993 where id = (select min(id) from yjs_updates)`,
  );
  return sessions.map((session) => session.id);
}

/**
 * One session's history as the collab-server would leave it, from real Yjs
 * edits: the update log (seq from 1), a checkpoint at seq 10, the stored
 * state, a notes document and three session events.
 */
export async function writeHistory(
  db: Database,
  sessionId: string,
  options: { index: number; edits: number },
): Promise<void> {
  const { index } = options;
  const start = Date.parse('2026-11-20T09:00:00.000Z');
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const files = doc.getMap<Y.Text>(SESSION_DOC.files);
  doc.transact(() => {
    const text = new Y.Text();
    files.set('solution.ts', text);
    text.insert(0, 'export function twoSum() {\n}\n');
  });
  for (let i = 0; i < options.edits; i++) {
    const text = files.get('solution.ts')!;
    doc.transact(() => text.insert(26 + i, i % 7 === 0 ? '\n  "quote" 🚀 ' : String(i % 10)));
    if (i % 5 === 4) doc.transact(() => text.delete(27, 2));
  }
  doc.transact(() => {
    const notes = new Y.Text();
    files.set(`notes-${index}.md`, notes);
    notes.insert(0, 'line one\r\nline\ttwo \\ back\\slash\n');
  });
  const name = sessionDocumentName(sessionId);
  const checkpointSeq = 10;
  const checkpoint = new Y.Doc();
  for (const update of updates.slice(0, checkpointSeq)) Y.applyUpdate(checkpoint, update);
  for (let from = 0; from < updates.length; from += 200) {
    await db.insert(yjsUpdates).values(
      updates.slice(from, from + 200).map((update, i) => ({
        documentName: name,
        seq: from + i + 1,
        at: new Date(start + index * 60_000 + (from + i) * 137),
        senderRole: 'candidate',
        senderId: `candidate-${index}`,
        clientId: doc.clientID,
        origin: (from + i) % 9 === 0 ? 'paste' : 'typed',
        update,
      })),
    );
  }
  await db.insert(yjsCheckpoints).values({
    documentName: name,
    seq: checkpointSeq,
    at: new Date(start + index * 60_000 + checkpointSeq * 137),
    state: Y.encodeStateAsUpdate(checkpoint),
  });
  const state = Y.encodeStateAsUpdate(doc);
  const notes = new Y.Doc();
  notes.getArray('entries').push(['first impression']);
  const notesState = Y.encodeStateAsUpdate(notes);
  await db.insert(yjsDocuments).values([
    { name, state, sizeBytes: state.byteLength },
    { name: notesDocumentName(sessionId), state: notesState, sizeBytes: notesState.byteLength },
  ]);
  await db.insert(sessionEvents).values([
    {
      sessionId: sessionId,
      at: new Date(start + index * 60_000 + 5),
      type: 'terminal_output',
      data: { data: '\u001b[32m✓ passed\u001b[0m\r\n', nested: { list: [1, 'two', null] } },
    },
    {
      sessionId: sessionId,
      at: new Date(start + index * 60_000 + 6),
      type: 'focus',
      source: 'client',
      data: sql`'null'::jsonb`,
    },
    {
      sessionId: sessionId,
      at: new Date(start + index * 60_000 + 7),
      type: 'paste',
      source: 'client',
      data: sql`'"a bare JSON string"'::jsonb`,
    },
  ]);
}
