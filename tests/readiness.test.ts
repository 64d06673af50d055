import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../app/config.server.ts';
import { type AppServer, startAppServer } from '../app/server/http.ts';
import { loadCollabConfig } from '../collab-server/config.ts';
import { type CollabServer, startCollabServer } from '../collab-server/server.ts';
import { silentLogger } from '../protocol/logger.ts';
import { loadBridgeConfig } from '../sandbox-bridge/config.ts';
import { type BridgeServer, startBridgeServer } from '../sandbox-bridge/server.ts';
import { startTestDriver, type TestDriver } from '../sandbox-bridge/test-support/local-sandbox.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { TEST_SECRET } from './support/stack.ts';

// Each service runs alone, as in compose, with a database handle of its own
// that the test can close under it.
let databases: { app: TestDatabase; collab: TestDatabase; bridge: TestDatabase };
let collab: CollabServer;
let bridge: BridgeServer;
let app: AppServer;
let driver: TestDriver;
let folder: string;
let urls: Record<'app' | 'collab' | 'bridge', string>;

beforeAll(async () => {
  databases = {
    app: await createTestDatabase('pglite'),
    collab: await createTestDatabase('pglite'),
    bridge: await createTestDatabase('pglite'),
  };
  folder = mkdtempSync(join(tmpdir(), 'tandem-readiness-'));
  const logger = silentLogger();
  collab = await startCollabServer({
    config: loadCollabConfig({ TANDEM_SECRET: TEST_SECRET, COLLAB_PORT: '0' }),
    database: databases.collab,
    logger,
  });
  driver = await startTestDriver();
  // No `documents`: alone, the bridge reaches the collab-server over COLLAB_URL.
  bridge = await startBridgeServer({
    config: loadBridgeConfig({
      TANDEM_SECRET: TEST_SECRET,
      BRIDGE_PORT: '0',
      COLLAB_URL: collab.url,
      ARCHIVE_DIR: join(folder, 'archive'),
    }),
    database: databases.bridge,
    logger,
    driver: driver.driver,
  });
  app = await startAppServer({
    config: loadAppConfig({
      TANDEM_SECRET: TEST_SECRET,
      PORT: '0',
      DEADLINE_CHECK_MS: '60000',
    }),
    database: databases.app,
    logger,
  });
  urls = {
    app: `http://127.0.0.1:${app.port}`,
    collab: `http://127.0.0.1:${collab.port}`,
    bridge: `http://127.0.0.1:${bridge.port}`,
  };
}, 60_000);
afterAll(async () => {
  await app?.close();
  await bridge?.close();
  await collab?.close();
  await driver?.cleanup();
  for (const database of Object.values(databases ?? {})) await database.destroy();
  rmSync(folder, { recursive: true, force: true });
});

async function probe(url: string) {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const services = ['app', 'collab', 'bridge'] as const;

describe('liveness and readiness', () => {
  it('answers ready on every service while its database and the collab-server answer', async () => {
    for (const service of services) {
      expect((await probe(`${urls[service]}/readyz`)).status, service).toBe(200);
    }
    expect((await probe(`${urls.bridge}/readyz`)).body.checks).toEqual({
      database: { ok: true },
      collab: { ok: true },
    });
  });

  it('answers 503 on /readyz and still 200 on /healthz and /metrics while its database is closed', async () => {
    for (const database of Object.values(databases)) await database.close();
    for (const service of services) {
      const ready = await probe(`${urls[service]}/readyz`);
      expect(ready.status, service).toBe(503);
      expect(ready.body).toMatchObject({
        status: 'unavailable',
        checks: { database: { ok: false } },
      });
      expect((await probe(`${urls[service]}/healthz`)).status, service).toBe(200);
      // Prometheus keeps scraping: metrics read from the database are left out, not failed.
      expect((await fetch(`${urls[service]}/metrics`)).status, service).toBe(200);
    }
  });

  it('keeps a bridge that runs alone unready while the collab-server cannot be reached', async () => {
    await collab.close();
    const ready = await probe(`${urls.bridge}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toMatchObject({ collab: { ok: false, code: 'COLLAB_UNREACHABLE' } });
    expect((await probe(`${urls.bridge}/healthz`)).status).toBe(200);
  });
});
