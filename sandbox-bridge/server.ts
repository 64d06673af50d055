import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatabaseHandle } from '../db/client.ts';
import type { Logger } from '../protocol/logger.ts';
import type { ArchiveStore } from './archive/archive-store.ts';
import { createArchiveStore } from './archive/create-archive-store.ts';
import type { BridgeConfig } from './config.ts';
import { createSandboxDriver } from './driver/create-driver.ts';
import type { SandboxDriver } from './driver/types.ts';
import { createRequestHandler } from './http/routes.ts';
import type { DocumentSource } from './mirror/document-source.ts';
import { providerDocumentSource } from './mirror/provider-document-source.ts';
import { serviceTokenMinter } from './mirror/service-token.ts';
import { EventRecorder } from './recording/event-recorder.ts';
import { SandboxBridge } from './sandbox-bridge.ts';
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
}

export interface BridgeServer {
  port: number;
  bridge: SandboxBridge;
  registry: SessionRegistry;
  driver: SandboxDriver;
  close(): Promise<void>;
}

/** Starts the sandbox bridge: HTTP API, terminal WebSocket, mirror and drivers. */
export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const { config, database, logger } = options;
  const db = database.db;
  const driver = options.driver ?? (await createSandboxDriver(config, logger));
  const documents =
    options.documents ??
    providerDocumentSource({
      url: config.COLLAB_URL,
      token: serviceTokenMinter(db, config.TANDEM_SECRET),
    });
  const recorder = new EventRecorder({ db, logger });
  const registry = new SessionRegistry({
    db,
    driver,
    documents,
    recorder,
    logger,
    ...(options.mirror ? { mirror: options.mirror } : {}),
  });
  const archive = options.archive ?? createArchiveStore(config);
  const bridge = new SandboxBridge({ db, driver, registry, archive, recorder, logger });
  const terminals = createTerminalSocket({ registry, secret: config.TANDEM_SECRET, logger });
  const handle = createRequestHandler({ bridge, secret: config.TANDEM_SECRET, logger });

  const http: Server = createServer((request, response) => {
    void handle(request, response);
  });
  http.on('upgrade', (request, socket, head) => {
    if (!terminals.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) =>
    http.listen(config.BRIDGE_PORT, config.BRIDGE_HOST, resolve),
  );
  const port = (http.address() as AddressInfo).port;
  logger.info({ port, driver: driver.kind, isolated: driver.isolated }, 'sandbox-bridge listening');
  return {
    port,
    bridge,
    registry,
    driver,
    close: async () => {
      await terminals.close();
      await registry.close();
      await recorder.close();
      await driver.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}
