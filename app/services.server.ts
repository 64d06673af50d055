import type { DatabaseHandle } from '../db/client.ts';
import type { Logger } from '../protocol/logger.ts';
import { type Auth, createAuth } from './auth/auth.server.ts';
import type { AppConfig } from './config.server.ts';
import { createMailer, type Mailer } from './email/mailer.server.ts';
import { createSubmissionSteps } from './interview/submission-steps.server.ts';
import type { SubmissionSteps } from './interview/submit.server.ts';
import { type BridgeClient, createBridgeClient } from './sandbox/bridge-client.server.ts';

/** What every loader and action receives as `context.services`: built once at start-up. */
export interface AppServices {
  config: AppConfig;
  database: DatabaseHandle;
  logger: Logger;
  auth: Auth;
  mailer: Mailer;
  bridge: BridgeClient;
  submission: SubmissionSteps;
}

export function createAppServices(input: {
  config: AppConfig;
  database: DatabaseHandle;
  logger: Logger;
}): AppServices {
  const { config, database, logger } = input;
  const mailer = createMailer({
    db: database.db,
    logger,
    from: config.EMAIL_FROM,
    resendApiKey: config.RESEND_API_KEY,
    resendBaseUrl: config.RESEND_BASE_URL,
  });
  const auth = createAuth({ db: database.db, config, mailer });
  const bridge = createBridgeClient({ bridgeUrl: config.BRIDGE_URL, secret: config.TANDEM_SECRET });
  return {
    config,
    database,
    logger,
    auth,
    mailer,
    bridge,
    submission: createSubmissionSteps(bridge),
  };
}
