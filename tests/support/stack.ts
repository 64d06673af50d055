import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseKind } from '../../db/client.ts';
import { type DemoSeed, seedDemo } from '../../db/seed/demo.ts';
import type { DestinationStream } from '../../protocol/logger.ts';
import { startTandem, type Tandem } from '../../scripts/tandem.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { freePort } from './ports.ts';

export const TEST_SECRET = 'test-secret-for-the-whole-stack-0123456789';

export interface TestStack {
  tandem: Tandem;
  database: TestDatabase;
  /** http://127.0.0.1:<port> of the app. */
  baseUrl: string;
  collabUrl: string;
  bridgeUrl: string;
  secret: string;
  /** The demo organization: interviewer credentials and an unused invitation token. */
  demo: DemoSeed;
  close(): Promise<void>;
}

/**
 * The whole product in this process on free loopback ports, with a fresh
 * database (PGlite by default) seeded with the demo organization. Needs the
 * app to be built (`npm test` builds it first).
 */
export async function startTestStack(
  options: {
    kind?: DatabaseKind;
    env?: Record<string, string>;
    /** Receives every service's log lines (see tests/support/log-capture.ts). */
    logDestination?: DestinationStream;
  } = {},
): Promise<TestStack> {
  const database = await createTestDatabase(options.kind ?? 'pglite');
  const folder = mkdtempSync(join(tmpdir(), 'tandem-stack-'));
  // Another test process can take a port between freePort() and listen: try new ones.
  let tandem: Tandem | undefined;
  let ports = [0, 0, 0];
  for (let attempt = 1; !tandem; attempt++) {
    const [port, collabPort, bridgePort] = [await freePort(), await freePort(), await freePort()];
    const env: Record<string, string | undefined> = {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      COLLAB_HOST: '127.0.0.1',
      COLLAB_PORT: String(collabPort),
      COLLAB_PUBLIC_URL: `ws://127.0.0.1:${collabPort}`,
      COLLAB_URL: `ws://127.0.0.1:${collabPort}`,
      BRIDGE_HOST: '127.0.0.1',
      BRIDGE_PORT: String(bridgePort),
      BRIDGE_URL: `http://127.0.0.1:${bridgePort}`,
      BRIDGE_PUBLIC_URL: `ws://127.0.0.1:${bridgePort}`,
      SANDBOX_DIR: join(folder, 'sandboxes'),
      ARCHIVE_DIR: join(folder, 'archive'),
      TANDEM_SECRET: TEST_SECRET,
      DATABASE_URL: database.url,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ANTHROPIC_API_KEY: undefined,
      RESEND_API_KEY: undefined,
      REDIS_URL: undefined,
      ...options.env,
    };
    try {
      tandem = await startTandem({
        env,
        database,
        ...(options.logDestination ? { logDestination: options.logDestination } : {}),
      });
      ports = [port, collabPort, bridgePort];
    } catch (error) {
      if (attempt >= 3 || (error as { code?: unknown }).code !== 'PORT_IN_USE') throw error;
    }
  }
  const [port, collabPort, bridgePort] = ports as [number, number, number];
  const demo = await seedDemo(database.db, TEST_SECRET);
  return {
    tandem,
    database,
    baseUrl: `http://127.0.0.1:${port}`,
    collabUrl: `ws://127.0.0.1:${collabPort}`,
    bridgeUrl: `http://127.0.0.1:${bridgePort}`,
    secret: TEST_SECRET,
    demo,
    close: async () => {
      await tandem.close();
      await database.destroy();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
