import { type Extension, Server } from '@hocuspocus/server';
import type { DatabaseHandle } from '../db/client.ts';
import { LIMITS } from '../protocol/limits.ts';
import { listenError } from '../protocol/listen.ts';
import type { Logger } from '../protocol/logger.ts';
import { Readiness } from '../protocol/readiness.ts';
import type { CollabConfig } from './config.ts';
import type { CollabContext } from './context.ts';
import { ConnectionLog } from './extensions/connection-log.ts';
import { createDocumentStore, storeDocumentState } from './extensions/document-store.ts';
import { DurableAcks } from './extensions/durable-acks.ts';
import { EditOrigins } from './extensions/edit-origins.ts';
import { HistoryLog, type HistoryLogStats } from './extensions/history-log.ts';
import { MessageChecks } from './extensions/message-checks.ts';
import { OperationsEndpoints } from './extensions/operations-endpoints.ts';
import { PairingEndpoint } from './extensions/pairing-endpoint.ts';
import { createRedisSync } from './extensions/redis-sync.ts';
import { RoomRelay } from './extensions/room-relay.ts';
import { SessionAccess } from './extensions/session-access.ts';
import { SessionCloseEndpoint } from './extensions/session-close-endpoint.ts';
import { StatelessMessages } from './extensions/stateless-messages.ts';
import { UpdateLimits, type UpdateLimitValues } from './extensions/update-limits.ts';
import { PresenceGuard, type PresenceLimits } from './guards/presence-guard.ts';
import { MAX_ROWS_PER_INSERT } from './history/writer.ts';
import { type CollabMetrics, createCollabMetrics } from './metrics.ts';

/** About 2–3 ms of PGlite per statement on this machine (50 µs a row plus a fixed cost). */
const PGLITE_ROWS_PER_STATEMENT = 50;

/** Store a document's full state after this long without edits… */
const STORE_DEBOUNCE_MS = 10_000;
/** …and at least this often while it is being edited. */
const STORE_MAX_DEBOUNCE_MS = 60_000;

export interface CollabServerOptions {
  config: CollabConfig;
  database: DatabaseHandle;
  logger: Logger;
  /** Overrides of protocol/limits.ts (tests use small ones). */
  limits?: Partial<UpdateLimitValues & PresenceLimits>;
}

export interface CollabServer {
  server: Server;
  /** The port it listens on (useful with port 0). */
  port: number;
  /** ws:// URL for providers. */
  url: string;
  /** Counters of the history log (rows, insert statements, checkpoints, recovered). */
  historyStats: Readonly<HistoryLogStats>;
  /** Its Prometheus registry and series (served at /metrics). */
  metrics: CollabMetrics;
  /**
   * An in-process connection to a document, for the bridge when it runs in
   * this process. `context.participant` names the writer in the history log
   * and `context.origin` (or `transactWithOrigin` from
   * protocol/origin-tagger.ts) the origin of its edits. Disconnect it before
   * `close()`: a document with a direct connection never unloads.
   */
  openDirectConnection(
    documentName: string,
    context?: CollabContext,
  ): ReturnType<Server<CollabContext>['hocuspocus']['openDirectConnection']>;
  close(): Promise<void>;
}

/** Starts the Hocuspocus server with Tandem's extensions and /healthz, /readyz and /metrics. */
export async function startCollabServer(options: CollabServerOptions): Promise<CollabServer> {
  const { config, database, logger } = options;
  const db = database.db;
  const limits = { ...LIMITS, ...options.limits };
  const origins = new EditOrigins();
  const presence = new PresenceGuard(limits);
  const updateLimits = new UpdateLimits({ limits });
  // Read at scrape time; `server` exists by then.
  const metrics = createCollabMetrics({
    connections: () => server.hocuspocus.getConnectionsCount(),
    documents: () => server.hocuspocus.getDocumentsCount(),
    historyPending: () => history.pendingCount,
  });
  const history = new HistoryLog({
    db,
    logger,
    flushMs: config.HISTORY_FLUSH_MS,
    batchSize: config.HISTORY_BATCH_SIZE,
    checkpointEvery: config.CHECKPOINT_EVERY,
    lockAppends: database.kind === 'postgres',
    script: database.script,
    prepared: database.prepared,
    rowsPerStatement: database.kind === 'pglite' ? PGLITE_ROWS_PER_STATEMENT : MAX_ROWS_PER_INSERT,
    attribute: (document, origin, update) => origins.attribute(document, origin, update),
    metrics,
    storeState: (name, state) => storeDocumentState(db, name, state, database.prepared),
    replicated: Boolean(config.REDIS_URL),
  });
  const redisUrl = config.REDIS_URL;
  const extensions: Extension[] = [
    ...(redisUrl ? [createRedisSync(redisUrl, config.REDIS_PREFIX)] : []),
    new SessionAccess({ db, secret: config.TANDEM_SECRET }),
    new ConnectionLog({ logger }),
    presence,
    updateLimits,
    // The one `beforeHandleMessage`: every message's checks, in order.
    new MessageChecks({ presence, origins, updateLimits }),
    createDocumentStore(db, {
      beforeStore: () => history.written(),
      prepared: database.prepared,
    }),
    history,
    new StatelessMessages({
      acks: new DurableAcks({
        durable: (withinMs) => history.durable(withinMs),
        windowMs: config.DURABLE_ACK_WINDOW_MS,
      }),
      room: new RoomRelay({ logger }),
    }),
    new SessionCloseEndpoint({
      db,
      secret: config.TANDEM_SECRET,
      logger,
      cluster: redisUrl
        ? { url: redisUrl, channel: `${config.REDIS_PREFIX}#session-closed` }
        : undefined,
      httpDuration: metrics.httpDuration,
    }),
    new PairingEndpoint({
      db,
      secret: config.TANDEM_SECRET,
      logger,
      cluster: redisUrl
        ? { url: redisUrl, channel: `${config.REDIS_PREFIX}#pairing-stopped` }
        : undefined,
      httpDuration: metrics.httpDuration,
    }),
    new OperationsEndpoints({
      service: 'collab-server',
      registry: metrics.registry,
      readiness: new Readiness({ database: () => database.ping() }, logger),
      metricsToken: config.METRICS_TOKEN,
    }),
  ];
  const server = new Server<CollabContext>({
    name: 'tandem-collab',
    port: config.COLLAB_PORT,
    address: config.COLLAB_HOST,
    quiet: true,
    stopOnSignals: false,
    // The history log holds every update within HISTORY_FLUSH_MS and a
    // document reloads from its stored state plus the log, so the full state
    // need not be rewritten every 2 s of typing (Hocuspocus' default): each
    // store rewrites the whole document and, on PGlite, blocks the event loop.
    // One person types in a session: there is nothing to coalesce, so send
    // each update as it is applied instead of on the next event-loop turn.
    flushDelay: false,
    debounce: STORE_DEBOUNCE_MS,
    maxDebounce: STORE_MAX_DEBOUNCE_MS,
    // The largest message anyone may send is a sync step 2; `ws` closes the
    // socket (1009) on anything larger before reading it into memory.
    websocketOptions: {
      maxPayload: Math.max(limits.maxSyncBytes, limits.maxUpdateBytes) + 64 * 1024,
    },
    extensions,
  });
  // Hocuspocus' listen() never settles when the port is taken: fail clearly instead.
  let onError: (error: NodeJS.ErrnoException) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    onError = (error) =>
      reject(
        listenError(error, config.COLLAB_PORT, config.COLLAB_HOST, {
          port: 'COLLAB_PORT',
          host: 'COLLAB_HOST',
        }),
      );
    server.httpServer.once('error', onError);
  });
  try {
    await Promise.race([server.listen(), failed]);
  } catch (error) {
    await server.destroy().catch(() => {});
    throw error;
  } finally {
    server.httpServer.off('error', onError);
  }
  const port = server.address.port;
  logger.info({ port, redis: Boolean(redisUrl) }, 'collab-server listening');
  return {
    server,
    port,
    url: `ws://${config.COLLAB_HOST}:${port}`,
    historyStats: history.stats,
    metrics,
    openDirectConnection: (name, context) => server.hocuspocus.openDirectConnection(name, context),
    close: () => server.destroy(),
  };
}
