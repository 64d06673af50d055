import type { DatabaseHandle } from '../db/client.ts';
import type { Logger } from '../protocol/logger.ts';
import type { AppConfig } from './config.server.ts';

/** What every loader and action receives as `context`: built once at start-up. */
export interface AppServices {
  config: AppConfig;
  database: DatabaseHandle;
  logger: Logger;
}

declare module '@remix-run/node' {
  interface AppLoadContext {
    services: AppServices;
  }
}
