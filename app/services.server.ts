import type { DatabaseHandle } from '../db/client.ts';
import { logContextFields } from '../protocol/log-context.ts';
import type { Logger } from '../protocol/logger.ts';
import { type Auth, createAuth } from './auth/auth.server.ts';
import { ServiceConnections } from './collab/service-connections.server.ts';
import type { AppConfig } from './config.server.ts';
import { createMailer, type Mailer } from './email/mailer.server.ts';
import { createSubmissionSteps } from './interview/submission-steps.server.ts';
import type { SubmissionSteps } from './interview/submit.server.ts';
import { type BridgeClient, createBridgeClient } from './sandbox/bridge-client.server.ts';
import { configuredBridges, leaseOwnerLookup } from './sandbox/bridge-routing.server.ts';
import { type BackgroundTasks, createBackgroundTasks } from './server/background.ts';
import { type AppMetrics, createAppMetrics } from './server/metrics.ts';

/** What every loader and action receives as `context.services`: built once at start-up. */
export interface AppServices {
  config: AppConfig;
  database: DatabaseHandle;
  logger: Logger;
  auth: Auth;
  mailer: Mailer;
  bridge: BridgeClient;
  submission: SubmissionSteps;
  metrics: AppMetrics;
  /** Work started by a request that finishes after it (e.g. candidate variants). */
  background: BackgroundTasks;
  /** Service connections to session documents kept open between reads (files API). */
  sessionDocuments: ServiceConnections;
  /**
   * The id of the HTTP request being handled (undefined outside one), to
   * forward to the bridge and the collab-server. Route code must ask here:
   * the Remix build's own copy of protocol/log-context.ts never holds one.
   */
  requestId(): string | undefined;
}

export function createAppServices(input: {
  config: AppConfig;
  database: DatabaseHandle;
  logger: Logger;
}): AppServices {
  const { config, database, logger } = input;
  const metrics = createAppMetrics(database.db);
  const requestId = () => logContextFields().requestId;
  const mailer = createMailer({
    db: database.db,
    logger,
    from: config.EMAIL_FROM,
    resendApiKey: config.RESEND_API_KEY,
    resendBaseUrl: config.RESEND_BASE_URL,
    onOutcome: (kind, status) => metrics.email(kind, status),
  });
  const auth = createAuth({ db: database.db, config, mailer, logger });
  const bridge = createBridgeClient({
    bridgeUrl: config.BRIDGE_URL,
    routing: {
      urls: configuredBridges(config.BRIDGE_URLS, config.BRIDGE_URL),
      ownerOf: leaseOwnerLookup(database.db),
    },
    secret: config.TANDEM_SECRET,
    requestId,
  });
  return {
    config,
    database,
    logger,
    auth,
    mailer,
    bridge,
    submission: createSubmissionSteps(bridge),
    metrics,
    background: createBackgroundTasks(logger),
    sessionDocuments: new ServiceConnections(),
    requestId,
  };
}
