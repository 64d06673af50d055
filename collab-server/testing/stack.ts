import { afterAll, afterEach, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../tests/support/database.ts';
import type { UpdateLimitValues } from '../extensions/update-limits.ts';
import type { PresenceLimits } from '../guards/presence-guard.ts';
import type { CollabServer } from '../server.ts';
import type { TestClient } from './clients.ts';
import { createSessions, type SessionFixture } from './fixtures.ts';
import { startTestServer } from './servers.ts';

/** A PGlite database with sessions and a collab-server, for one describe block. */
export interface CollabStack {
  readonly database: TestDatabase;
  readonly collab: CollabServer;
  /** The next unused session (each test takes its own). */
  nextSession(): SessionFixture;
  /** Destroys these clients after the current test. */
  track<T extends TestClient>(...clients: T[]): void;
}

/**
 * Registers the hooks that start the stack before the block's tests, destroy
 * their clients after each, and stop everything at the end.
 */
export function useCollabStack(
  sessionCount: number,
  env: Record<string, string> = {},
  limits?: Partial<UpdateLimitValues & PresenceLimits>,
): CollabStack {
  let database: TestDatabase | undefined;
  let collab: CollabServer | undefined;
  let sessions: SessionFixture[] = [];
  let next = 0;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    sessions = await createSessions(database.db, sessionCount);
    collab = await startTestServer(database, env, limits);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });
  afterAll(async () => {
    await collab?.close();
    await database?.destroy();
  });

  return {
    get database() {
      if (!database) throw new Error('the collab stack has not started');
      return database;
    },
    get collab() {
      if (!collab) throw new Error('the collab stack has not started');
      return collab;
    },
    nextSession() {
      const session = sessions[next++];
      if (!session) throw new Error(`only ${sessionCount} sessions were created`);
      return session;
    },
    track(...tracked) {
      clients.push(...tracked);
    },
  };
}
