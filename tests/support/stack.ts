import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseKind } from '../../db/client.ts';
import { type DemoSeed, seedDemo } from '../../db/seed/demo.ts';
import type { DestinationStream } from '../../protocol/logger.ts';
import { startTandem, type Tandem } from '../../scripts/tandem.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { type FakeAnthropic, startFakeAnthropic } from './fake-anthropic.ts';
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
  /** The stand-in for Anthropic's API, when started with `assistant: true`. */
  anthropic: FakeAnthropic | null;
  close(): Promise<void>;
}

interface Ports {
  app: number;
  collab: number;
  bridge: number;
}

/** The services' addresses on loopback. */
function portEnv({ app, collab, bridge }: Ports): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    PORT: String(app),
    PUBLIC_URL: `http://127.0.0.1:${app}`,
    COLLAB_HOST: '127.0.0.1',
    COLLAB_PORT: String(collab),
    COLLAB_PUBLIC_URL: `ws://127.0.0.1:${collab}`,
    COLLAB_URL: `ws://127.0.0.1:${collab}`,
    BRIDGE_HOST: '127.0.0.1',
    BRIDGE_PORT: String(bridge),
    BRIDGE_URL: `http://127.0.0.1:${bridge}`,
    BRIDGE_PUBLIC_URL: `ws://127.0.0.1:${bridge}`,
  };
}

/**
 * The whole product in this process on free loopback ports, with a fresh
 * database (PGlite by default) seeded with the demo organization. Needs the
 * app to be built (`npm test` builds it first). With `assistant: true` it
 * also starts a fake Anthropic server, points the app at it and closes it.
 */
export async function startTestStack(
  options: {
    kind?: DatabaseKind;
    env?: Record<string, string>;
    /** Receives every service's log lines (see tests/support/log-capture.ts). */
    logDestination?: DestinationStream;
    assistant?: boolean;
  } = {},
): Promise<TestStack> {
  const database = await createTestDatabase(options.kind ?? 'pglite');
  const folder = mkdtempSync(join(tmpdir(), 'tandem-stack-'));
  const anthropic = options.assistant ? await startFakeAnthropic() : null;
  const env: Record<string, string | undefined> = {
    SANDBOX_DIR: join(folder, 'sandboxes'),
    ARCHIVE_DIR: join(folder, 'archive'),
    TANDEM_SECRET: TEST_SECRET,
    DATABASE_URL: database.url,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ANTHROPIC_API_KEY: anthropic ? 'test-key' : undefined,
    ANTHROPIC_BASE_URL: anthropic?.url,
    RESEND_API_KEY: undefined,
    REDIS_URL: undefined,
    ...options.env,
  };
  const start = async (ports: Ports) =>
    startTandem({
      env: { ...process.env, ...portEnv(ports), ...env },
      database,
      ...(options.logDestination ? { logDestination: options.logDestination } : {}),
    });
  // Another test process can take a port between freePort() and listen: try new ones.
  for (let attempt = 1; ; attempt++) {
    const ports = { app: await freePort(), collab: await freePort(), bridge: await freePort() };
    let tandem: Tandem;
    try {
      tandem = await start(ports);
    } catch (error) {
      if (attempt < 3 && (error as { code?: unknown }).code === 'PORT_IN_USE') continue;
      await anthropic?.close();
      throw error;
    }
    return {
      tandem,
      database,
      baseUrl: `http://127.0.0.1:${ports.app}`,
      collabUrl: `ws://127.0.0.1:${ports.collab}`,
      bridgeUrl: `http://127.0.0.1:${ports.bridge}`,
      secret: TEST_SECRET,
      demo: await seedDemo(database.db, TEST_SECRET),
      anthropic,
      close: async () => {
        await tandem.close();
        await database.destroy();
        await anthropic?.close();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  }
}
