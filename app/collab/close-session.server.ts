import type { AppLoadContext } from '@remix-run/node';
import { sendSessionCommand } from './session-commands.server.ts';
import type { SessionRef } from './session-document.server.ts';

/**
 * Asks the collab-server to close the candidate's writable connections to a
 * session the app has just closed; they reconnect read-only. Returns false
 * (and logs) when the collab-server cannot be reached: the session is closed
 * in the database either way, and new connections are refused write access.
 */
export function closeCandidateConnections(
  context: AppLoadContext,
  ref: SessionRef,
): Promise<boolean> {
  // The files API's kept connection is not reused for a session that changed state.
  context.services.sessionDocuments.forget(ref.sessionId);
  return sendSessionCommand(context, ref, 'close');
}
