import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import type { DatabaseHandle } from '../db/client.ts';
import { listen } from '../protocol/listen.ts';
import type { Logger } from '../protocol/logger.ts';
import { serveOperations } from '../protocol/operations-endpoints.ts';
import { Readiness, type ReadinessCheck } from '../protocol/readiness.ts';
import { observeRequest } from '../protocol/request-observer.ts';
import type { ArchiveStore } from './archive/archive-store.ts';
import { createArchiveStore } from './archive/create-archive-store.ts';
import type { BridgeConfig } from './config.ts';
import { createSandboxDriver } from './driver/create-driver.ts';
import type { SandboxDriver } from './driver/types.ts';
import { createRequestHandler, routeLabel } from './http/routes.ts';
import { type BridgeMetrics, createBridgeMetrics } from './metrics.ts';
import type { DocumentSource } from './mirror/document-source.ts';
import { providerDocumentSource } from './mirror/provider-document-source.ts';
import { serviceTokenMinter } from './mirror/service-token.ts';
import { EventRecorder } from './recording/event-recorder.ts';
import { interruptUnfinishedRuns } from './runner/test-run-records.ts';
import { SandboxBridge } from './sandbox-bridge.ts';
import { LeaseKeeper } from './sessions/session-lease.ts';
import { SessionRegistry, type SessionRegistryOptions } from './sessions/session-registry.ts';
import { createTerminalSocket } from './terminal/terminal-socket.ts';

export interface BridgeServerOptions {
  config: BridgeConfig;
  database: DatabaseHandle;
  logger: Logger;
  /**
   * How documents are opened. In one process the composition root passes
   * direct connections (mirror/direct-document-source.ts); by default the
   * bridge connects to COLLAB_URL with a service token.
   */
  documents?: DocumentSource;
  /** A driver built elsewhere (tests); otherwise SANDBOX_DRIVER decides. */
  driver?: SandboxDriver;
  archive?: ArchiveStore;
  mirror?: SessionRegistryOptions['mirror'];
  /** Session lease length (SESSION_LEASE_MS otherwise); tests shorten it. */
  leaseMs?: number;
}

export interface BridgeServer {
  port: number;
  bridge: SandboxBridge;
  registry: SessionRegistry;
  leases: LeaseKeeper;
  driver: SandboxDriver;
  metrics: BridgeMetrics;
  close(): Promise<void>;
}

/** Starts the sandbox bridge: HTTP API, terminal WebSocket, mirror and drivers. */
export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const { config, database, logger } = options;
  const db = database.db;
  const interrupted = await interruptUnfinishedRuns(db, new Date());
  if (interrupted > 0)
    logger.warn({ interrupted }, 'test runs left unfinished by a stopped bridge');
  const driver = options.driver ?? (await createSandboxDriver(config, logger));
  const documents =
    options.documents ??
    providerDocumentSource({
      url: config.COLLAB_URL,
      token: serviceTokenMinter(db, config.TANDEM_SECRET),
    });
  const recorder = new EventRecorder({ db, logger });
  const leases = new LeaseKeeper({
    db,
    owner: `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`,
    ownerUrl: config.BRIDGE_ADVERTISE_URL ?? `http://${config.BRIDGE_HOST}:${config.BRIDGE_PORT}`,
    ttlMs: options.leaseMs ?? config.SESSION_LEASE_MS,
    logger,
    onLost: (sessionId) => {
      metrics.leaseLost();
      void registry.abandon(sessionId);
    },
  });
  const registry: SessionRegistry = new SessionRegistry({
    leases,
    db,
    driver,
    documents,
    recorder,
    logger,
    mirrorStateDir: config.MIRROR_STATE_DIR,
    ...(options.mirror ? { mirror: options.mirror } : {}),
  });
  const archive = options.archive ?? createArchiveStore(config);
  const terminals = createTerminalSocket({
    registry,
    secret: config.TANDEM_SECRET,
    logger,
    ownerElsewhere: (sessionId) => leases.ownerElsewhere(sessionId),
  });
  const metrics = createBridgeMetrics({
    activeSandboxes: () => registry.size,
    terminalConnections: () => terminals.connections(),
  });
  const bridge = new SandboxBridge({ db, driver, registry, archive, recorder, logger, metrics });
  const handle = createRequestHandler({ bridge, secret: config.TANDEM_SECRET, logger });
  const checks: Record<string, ReadinessCheck> = { database: () => database.ping() };
  // Alone, every session endpoint opens its document through the collab-server:
  // without it the bridge can only fail after a sync timeout (docs/operations.md).
  if (!options.documents) checks.collab = collabReachable(config.COLLAB_URL);
  const operations = {
    service: 'sandbox-bridge',
    registry: metrics.registry,
    readiness: new Readiness(checks, logger),
    metricsToken: config.METRICS_TOKEN,
  };
  const observer = { logger, duration: metrics.httpDuration, label: routeLabel };

  const http: Server = createServer((request, response) => {
    observeRequest(request, response, observer, () => {
      serveOperations(request, response, operations)
        .then((served) => (served ? undefined : handle(request, response)))
        .catch((error: unknown) => {
          logger.error({ err: error }, 'request failed');
          if (!response.headersSent) response.writeHead(500);
          response.end();
        });
    });
  });
  http.on('upgrade', (request, socket, head) => {
    if (!terminals.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await listen(http, config.BRIDGE_PORT, config.BRIDGE_HOST, {
    port: 'BRIDGE_PORT',
    host: 'BRIDGE_HOST',
  });
  const port = (http.address() as AddressInfo).port;
  if (!config.BRIDGE_ADVERTISE_URL) leases.ownerUrl = `http://${config.BRIDGE_HOST}:${port}`;
  await leases.start();
  // Sessions whose owner died are taken over by whichever bridge sees them first.
  const adoption = setInterval(
    () =>
      void registry
        .adoptOrphans()
        .then((adopted) => metrics.sessionsAdopted(adopted.length))
        .catch((error: unknown) => logger.warn({ err: error }, 'takeover pass failed')),
    leases.renewEveryMs,
  );
  adoption.unref();
  logger.info({ port, driver: driver.kind, isolated: driver.isolated }, 'sandbox-bridge listening');
  return {
    port,
    bridge,
    registry,
    leases,
    driver,
    metrics,
    close: async () => {
      clearInterval(adoption);
      await terminals.close();
      await registry.close();
      await leases.close();
      await recorder.close();
      await driver.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}

/** The collab-server answers its liveness probe (its own readiness is its business). */
function collabReachable(collabUrl: string): ReadinessCheck {
  const healthUrl = `${collabUrl.replace(/^ws(s?):\/\//, 'http$1://').replace(/\/$/, '')}/healthz`;
  return async () => {
    const response = await fetch(healthUrl, { signal: AbortSignal.timeout(1500) }).catch(
      () => null,
    );
    if (!response?.ok) {
      throw Object.assign(new Error(`${healthUrl} did not answer 200`), {
        code: 'COLLAB_UNREACHABLE',
      });
    }
  };
}
