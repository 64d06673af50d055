import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessions, type SessionFixture } from '../../collab-server/testing/fixtures.ts';
import { testRuns } from '../../db/schema/index.ts';
import { silentLogger } from '../../protocol/logger.ts';
import { loadBridgeConfig } from '../../sandbox-bridge/config.ts';
import {
  finishTestRun,
  INTERRUPTED_ERROR,
  insertTestRun,
} from '../../sandbox-bridge/runner/test-run-records.ts';
import { type BridgeServer, startBridgeServer } from '../../sandbox-bridge/server.ts';
import {
  startTestDriver,
  type TestDriver,
} from '../../sandbox-bridge/test-support/local-sandbox.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { report } from './harness.ts';

/**
 * A bridge killed during a test run never finishes its row: it stayed
 * `running` forever. The next bridge to start marks it `interrupted`.
 */
describe('test runs a stopped bridge left behind', () => {
  let database: TestDatabase;
  let session: SessionFixture;
  let driver: TestDriver;
  let bridge: BridgeServer | null = null;
  let folder: string;

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    [session] = (await createSessions(database.db, 1)) as [SessionFixture];
    driver = await startTestDriver();
    folder = mkdtempSync(join(tmpdir(), 'tandem-interrupted-'));
  });

  afterAll(async () => {
    await bridge?.close();
    await driver?.cleanup();
    await database?.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  it('end as interrupted when the next bridge starts; finished runs stay as they were', async () => {
    const startedAt = new Date(Date.now() - 1000);
    const cut = await insertTestRun(database.db, session.sessionId, 'visible', startedAt);
    const finished = await insertTestRun(database.db, session.sessionId, 'visible', startedAt);
    await finishTestRun(
      database.db,
      { runId: finished, total: 1, passed: 1, failed: 0, passRate: 100, durationMs: 5 },
      null,
    );

    bridge = await startBridgeServer({
      config: loadBridgeConfig({
        TANDEM_SECRET: 'bridge-test-secret-0123456789-abcdefghij',
        BRIDGE_PORT: '0',
        ARCHIVE_DIR: join(folder, 'archive'),
      }),
      database,
      logger: silentLogger(),
      driver: driver.driver,
      documents: { open: () => Promise.reject(new Error('no documents in this test')) },
    });

    const rows = await database.db
      .select({ id: testRuns.id, status: testRuns.status, error: testRuns.error })
      .from(testRuns)
      .where(eq(testRuns.sessionId, session.sessionId));
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(cut)).toMatchObject({ status: 'interrupted', error: INTERRUPTED_ERROR });
    expect(byId.get(finished)?.status).toBe('passed');
    report('bridge restart with a run in flight', {
      runs_left_running: 1,
      marked_interrupted: rows.filter((row) => row.status === 'interrupted').length,
    });
  });
});
