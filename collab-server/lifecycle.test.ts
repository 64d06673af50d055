import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionDocumentName } from '../protocol/documents.ts';
import { createTestDatabase, type TestDatabase } from '../tests/support/database.ts';
import { connectClient, eventually, settled } from './testing/clients.ts';
import { createSessions, type SessionFixture, tokenFor } from './testing/fixtures.ts';
import { historyOf, startTestServer } from './testing/servers.ts';

function timers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

describe('the collab-server’s lifecycle', () => {
  let database: TestDatabase;
  let session: SessionFixture;

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    [session] = (await createSessions(database.db, 1)) as [SessionFixture];
  });

  afterAll(async () => {
    await database?.destroy();
  });

  it('answers /healthz', async () => {
    const collab = await startTestServer(database);
    try {
      const response = await fetch(`http://127.0.0.1:${collab.port}/healthz`);
      expect(await response.json()).toEqual({ status: 'ok', service: 'collab-server' });
    } finally {
      await collab.close();
    }
  });

  it('leaves no timer behind once closed, even with history waiting to be written', async () => {
    const before = timers();
    const collab = await startTestServer(database, { HISTORY_FLUSH_MS: '10000' });
    const name = sessionDocumentName(session.sessionId);
    const client = connectClient(collab.url, name, await tokenFor(session, 'candidate'));
    await settled(client);
    client.doc.getText('code').insert(0, 'pending');
    await settled(client);
    client.destroy();
    await collab.close();
    expect(await historyOf(database.db, name)).toHaveLength(1);
    // Timers of the destroyed client and sockets finish on their own turn.
    await eventually(() => timers() <= before, 'every timer is gone');
  });
});
