import type { AppServices } from './services.server.ts';

export type { AppServices };

declare module '@remix-run/node' {
  interface AppLoadContext {
    services: AppServices;
    /** The CSP script nonce of this request (server/security-headers.ts). */
    cspNonce?: string;
    /** The client's address as the app's socket sees it (for sign-in throttling). */
    clientAddress?: string;
  }
}
