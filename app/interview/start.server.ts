import type { AppLoadContext } from '@remix-run/node';
import { initializeInterview } from './initialize.server.ts';

/** Initializes a candidate's interview with the services this app talks to (the sandbox bridge). */
export function startInterview(context: AppLoadContext, candidateId: string) {
  return initializeInterview(context, candidateId, {
    startSandbox: async (sessionId, organizationId) =>
      context.services.bridge.startSandbox({ sessionId, organizationId }),
  });
}
