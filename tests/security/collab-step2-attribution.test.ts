import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CollabServer } from '../../collab-server/server.ts';
import { connectClient, eventually, settled } from '../../collab-server/testing/clients.ts';
import { createSessions, tokenFor } from '../../collab-server/testing/fixtures.ts';
import { sendRawSync } from '../../collab-server/testing/raw-messages.ts';
import { historyOf, startTestServer } from '../../collab-server/testing/servers.ts';
import { sessionDocumentName } from '../../protocol/documents.ts';
import { encodeOriginMessage } from '../../protocol/origins.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

/**
 * Attack (issue 12): a candidate's pasted content sent as a sync step 2 was
 * recorded as `resync` (shown as "unknown" in replay) instead of as the
 * candidate's edit. Now what reaches the document is recorded under its
 * sender with the sender's origin, whatever message carried it.
 */
describe('content that arrives in a sync step 2', () => {
  let database: TestDatabase;
  let collab: CollabServer;

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    collab = await startTestServer(database, { HISTORY_FLUSH_MS: '20' });
  });

  afterAll(async () => {
    await collab?.close();
    await database?.destroy();
  });

  it("is recorded as the candidate's edit, with the origin the candidate declared", async () => {
    const [session] = await createSessions(database.db, 1);
    const name = sessionDocumentName(session!.sessionId);
    const candidate = connectClient(collab.url, name, await tokenFor(session!, 'candidate'));
    try {
      await settled(candidate);
      const files = candidate.doc.getMap<Y.Text>('files');
      files.set('main.ts', new Y.Text(''));
      await settled(candidate);
      await eventually(async () => (await historyOf(database.db, name)).length === 1, 'one row');
      const pasted = new Y.Doc();
      Y.applyUpdate(pasted, Y.encodeStateAsUpdate(candidate.doc));
      pasted.getMap<Y.Text>('files').get('main.ts')!.insert(0, 'PASTED '.repeat(200));
      const untagged = Y.encodeStateAsUpdate(pasted, Y.encodeStateVector(candidate.doc));
      sendRawSync(candidate, 'step2', untagged);
      const before = Y.encodeStateVector(pasted);
      pasted.getMap<Y.Text>('files').get('main.ts')!.insert(0, 'TAGGED ');
      candidate.provider.sendStateless(encodeOriginMessage('paste'));
      sendRawSync(candidate, 'step2', Y.encodeStateAsUpdate(pasted, before));
      candidate.provider.sendStateless(encodeOriginMessage(null));
      await eventually(async () => (await historyOf(database.db, name)).length >= 3, 'all rows');
      const rows = await historyOf(database.db, name);
      const last = rows.slice(-2);
      expect(last.map((row) => [row.senderRole, row.senderId, row.origin])).toEqual([
        ['candidate', session!.candidateId, 'typed'],
        ['candidate', session!.candidateId, 'paste'],
      ]);
      expect(rows.some((row) => row.origin === 'resync')).toBe(false);
    } finally {
      candidate.destroy();
    }
  });
});
