// The composition root: builds the three services on one database and wires
// what each needs from the others (the bridge gets a way to open documents,
// not the collab-server module). Used by `npm start` and by end-to-end tests.
import { loadAppConfig } from '../app/config.server.ts';
import { type AppServer, startAppServer } from '../app/server/http.ts';
import { loadCollabConfig } from '../collab-server/config.ts';
import { type CollabServer, startCollabServer } from '../collab-server/server.ts';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';
import { createLogger, type DestinationStream } from '../protocol/logger.ts';
import { loadBridgeConfig } from '../sandbox-bridge/config.ts';
import { directDocumentSource } from '../sandbox-bridge/mirror/direct-document-source.ts';
import { type BridgeServer, startBridgeServer } from '../sandbox-bridge/server.ts';
import { assertPortsFree } from './ports-free.ts';

export interface TandemOptions {
  env: Record<string, string | undefined>;
  /** An already open database (tests); otherwise opened from the configuration. */
  database?: DatabaseHandle;
  /** Where the three services' log lines go (tests read them); stdout by default. */
  logDestination?: DestinationStream;
}

export interface Tandem {
  app: AppServer;
  collab: CollabServer;
  bridge: BridgeServer;
  database: DatabaseHandle;
  config: {
    app: ReturnType<typeof loadAppConfig>;
    collab: ReturnType<typeof loadCollabConfig>;
    bridge: ReturnType<typeof loadBridgeConfig>;
  };
  /** Stops the services in reverse order, then closes the database if this opened it. */
  close(): Promise<void>;
}

/** Starts app, collab-server and sandbox-bridge in this process. */
export async function startTandem(options: TandemOptions): Promise<Tandem> {
  const appConfig = loadAppConfig(options.env);
  const collabConfig = loadCollabConfig(options.env);
  const bridgeConfig = loadBridgeConfig(options.env);
  await assertPortsFree([
    {
      port: collabConfig.COLLAB_PORT,
      host: collabConfig.COLLAB_HOST,
      variables: { port: 'COLLAB_PORT', host: 'COLLAB_HOST' },
    },
    {
      port: bridgeConfig.BRIDGE_PORT,
      host: bridgeConfig.BRIDGE_HOST,
      variables: { port: 'BRIDGE_PORT', host: 'BRIDGE_HOST' },
    },
    { port: appConfig.PORT, host: appConfig.HOST, variables: { port: 'PORT', host: 'HOST' } },
  ]);
  const database =
    options.database ??
    (await openDatabase({ url: appConfig.DATABASE_URL, dataDir: appConfig.PGLITE_DIR }));

  // What has started is closed again when a later service cannot start (a port in use).
  const started: Array<{ close(): Promise<void> }> = [];
  try {
    const collab = await startCollabServer({
      config: collabConfig,
      database,
      logger: createLogger('collab-server', collabConfig.LOG_LEVEL, options.logDestination),
    });
    started.push(collab);
    const bridge = await startBridgeServer({
      config: bridgeConfig,
      database,
      logger: createLogger('sandbox-bridge', bridgeConfig.LOG_LEVEL, options.logDestination),
      // In one process the bridge reaches documents through direct connections.
      documents: directDocumentSource((name, context) =>
        collab.openDirectConnection(name, context),
      ),
    });
    started.push(bridge);
    const app = await startAppServer({
      config: appConfig,
      database,
      logger: createLogger('app', appConfig.LOG_LEVEL, options.logDestination),
    });
    return composed(app, collab, bridge);
  } catch (error) {
    for (const service of started.reverse()) await service.close().catch(() => {});
    if (!options.database) await database.close().catch(() => {});
    throw error;
  }

  function composed(app: AppServer, collab: CollabServer, bridge: BridgeServer): Tandem {
    return {
      app,
      collab,
      bridge,
      database,
      config: { app: appConfig, collab: collabConfig, bridge: bridgeConfig },
      close: async () => {
        await app.close();
        await bridge.close();
        await collab.close();
        if (!options.database) await database.close();
      },
    };
  }
}
