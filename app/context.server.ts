import type { AppServices } from './services.server.ts';

export type { AppServices };

declare module '@remix-run/node' {
  interface AppLoadContext {
    services: AppServices;
  }
}
