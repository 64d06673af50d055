import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { replayHistory } from '../../collab-server/history/replay.ts';
import { HISTORY_APPEND_LOCK } from '../../collab-server/history/writer.ts';
import type { CollabServer } from '../../collab-server/server.ts';
import { eventually } from '../../collab-server/testing/clients.ts';
import {
  createSessions,
  type SessionFixture,
  tokenFor,
} from '../../collab-server/testing/fixtures.ts';
import { historyOf, startTestServer } from '../../collab-server/testing/servers.ts';
import { sessionDocumentName } from '../../protocol/documents.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  connectSavingClient,
  holds,
  PATIENCE,
  POSTGRES_URL,
  report,
  type SavingClient,
  TraceTypist,
} from './harness.ts';

describe('reconnecting with 500 offline edits (postgres)', () => {
  let database: TestDatabase;
  let session: SessionFixture;
  let collab: CollabServer;
  let client: SavingClient | null = null;
  let locker: postgres.Sql | null = null;

  beforeAll(async () => {
    process.env.TEST_DATABASE_URL ??= POSTGRES_URL;
    database = await createTestDatabase('postgres');
    [session] = (await createSessions(database.db, 1)) as [SessionFixture];
    collab = await startTestServer(database);
  });

  afterAll(async () => {
    client?.destroy();
    await locker?.end();
    await collab?.close();
    await database?.destroy();
  });

  it('says saved only once the server has written every offline edit', async () => {
    const name = sessionDocumentName(session.sessionId);
    client = connectSavingClient(collab.url, name, await tokenFor(session, 'candidate'));
    const open = client;
    const typist = new TraceTypist();
    await eventually(() => open.provider.isSynced, 'the client syncs', PATIENCE);
    const online = typist.type(open.doc, 200);
    await eventually(() => open.saves.saved, 'the first 200 edits are saved', PATIENCE);

    open.socket.disconnect();
    await eventually(() => !open.provider.isSynced || open.closes.length > 0, 'offline');
    const offline = typist.type(open.doc, 500);
    expect(open.saves.saved).toBe(false);

    // Hold the history log's append lock: the server applies the offline
    // edits in memory but cannot commit them until it is released.
    locker = postgres(database.url!, { max: 1, onnotice: () => {} });
    const held = await locker.reserve();
    await held`select pg_advisory_lock(${HISTORY_APPEND_LOCK})`;
    const reconnectedAt = Date.now();
    void open.socket.connect();
    await eventually(
      () => open.provider.isSynced && !open.provider.hasUnsyncedChanges,
      "the provider's own counter claims everything synced",
      PATIENCE,
    );
    const providerClaimMs = Date.now() - reconnectedAt;
    const rowsAtClaim = (await historyOf(database.db, name)).length;
    // The server has the edits in memory only: "saved" must not show yet.
    expect(open.saves.saved).toBe(false);
    expect(rowsAtClaim).toBeLessThan(online + offline);

    const releasedAt = Date.now();
    await held`select pg_advisory_unlock(${HISTORY_APPEND_LOCK})`;
    held.release();
    await eventually(() => open.saves.saved, 'saved after the log is written', PATIENCE);
    const savedAfterReleaseMs = Date.now() - releasedAt;
    const state = Y.encodeStateAsUpdate(open.doc);
    const logged = await replayHistory(database.db, name, { useCheckpoints: false });
    expect(holds(logged!.doc, state)).toBe(true);
    const rows = (await historyOf(database.db, name)).length;
    report('offline reconnect', {
      edits_online: online,
      edits_offline: offline,
      provider_claimed_synced_ms: providerClaimMs,
      rows_when_provider_claimed: rowsAtClaim,
      saved_ms_after_log_unblocked: savedAfterReleaseMs,
      rows_when_saved: rows,
    });
  });
});
