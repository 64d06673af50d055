import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { SESSION_DOC, sessionDocumentName } from '../../protocol/documents.ts';
import { silentLogger } from '../../protocol/logger.ts';
import type { ProblemFile } from '../../protocol/problems.ts';
import type { ParticipantRole } from '../../protocol/roles.ts';
import { signSessionToken } from '../../protocol/tokens.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/support/database.ts';
import type { ArchiveStore } from '../archive/archive-store.ts';
import { FolderArchiveStore } from '../archive/folder-archive-store.ts';
import { loadBridgeConfig } from '../config.ts';
import type { ResourceLimits } from '../driver/types.ts';
import { type BridgeServer, startBridgeServer } from '../server.ts';
import { startTestCollab, type TestCollab } from './collab.ts';
import type { SessionFixture } from './fixtures.ts';
import { startTestDriver, type TestDriver } from './local-sandbox.ts';

export const TEST_SECRET = 'bridge-test-secret-0123456789-abcdefghij';

export interface BridgeStack {
  database: TestDatabase;
  collab: TestCollab;
  harness: TestDriver;
  bridge: BridgeServer;
  archive: ArchiveStore;
  baseUrl: string;
  wsUrl: string;
  /** Puts files into a session document, as the app's initializer does. */
  seedDocument(sessionId: string, files: ProblemFile[]): Promise<void>;
  token(fixture: SessionFixture, role: ParticipantRole, sessionId?: string): Promise<string>;
  /** POST to the bridge as the app (service token). */
  post(fixture: SessionFixture, action: 'start' | 'tests' | 'grade' | 'archive'): Promise<Response>;
  /**
   * Another bridge on the same database, collab-server, sandboxes and mirror
   * state (decision 024: bridges share these and split sessions by lease).
   */
  addBridge(): Promise<BridgeServer>;
  close(): Promise<void>;
}

/** The bridge on port 0 with a PGlite database, a plain Hocuspocus and a local driver. */
export async function startBridgeStack(
  options: { limits?: Partial<ResourceLimits>; archive?: ArchiveStore; leaseMs?: number } = {},
): Promise<BridgeStack> {
  const database = await createTestDatabase('pglite');
  const collab = await startTestCollab();
  const harness = await startTestDriver(options.limits);
  const archiveDir = mkdtempSync(join(tmpdir(), 'tandem-archive-'));
  const archive = options.archive ?? new FolderArchiveStore(archiveDir);
  const config = loadBridgeConfig({
    TANDEM_SECRET: TEST_SECRET,
    BRIDGE_PORT: '0',
    SANDBOX_DIR: harness.root,
    ARCHIVE_DIR: archiveDir,
    MIRROR_STATE_DIR: join(archiveDir, 'mirror'),
  });
  const startBridge = () =>
    startBridgeServer({
      config,
      database,
      logger: silentLogger(),
      documents: collab.documents,
      driver: harness.driver,
      archive,
      mirror: { scanIntervalMs: 250 },
      ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    });
  const bridge = await startBridge();
  const others: BridgeServer[] = [];
  const baseUrl = `http://127.0.0.1:${bridge.port}`;
  const seeders: Array<{ disconnect(): Promise<void> }> = [];
  const token = (fixture: SessionFixture, role: ParticipantRole, sessionId = fixture.sessionId) =>
    signSessionToken(
      {
        sessionId,
        organizationId: fixture.organizationId,
        subject: role === 'candidate' ? 'candidate-1' : `${role}-1`,
        role,
        name: role,
      },
      TEST_SECRET,
      600,
    );
  return {
    database,
    collab,
    harness,
    bridge,
    archive,
    baseUrl,
    wsUrl: `ws://127.0.0.1:${bridge.port}`,
    token,
    seedDocument: async (sessionId, files) => {
      // Kept open: a plain Hocuspocus has no storage, so the last connection
      // leaving would unload (and lose) the document.
      const connection = await collab.server.hocuspocus.openDirectConnection(
        sessionDocumentName(sessionId),
        {},
      );
      seeders.push(connection);
      await connection.transact((doc) => {
        const map = doc.getMap<Y.Text>(SESSION_DOC.files);
        for (const file of files) map.set(file.path, new Y.Text(file.content));
      });
    },
    post: async (fixture, action) =>
      fetch(`${baseUrl}/sessions/${fixture.sessionId}/${action}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await token(fixture, 'service')}` },
      }),
    addBridge: async () => {
      const other = await startBridge();
      others.push(other);
      return other;
    },
    close: async () => {
      for (const other of others) await other.close();
      await bridge.close();
      for (const connection of seeders) await connection.disconnect();
      await collab.close();
      await harness.cleanup();
      await database.destroy();
      rmSync(archiveDir, { recursive: true, force: true });
    },
  };
}
