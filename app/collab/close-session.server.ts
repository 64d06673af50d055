import type { AppLoadContext } from '@remix-run/node';
import { REQUEST_ID_HEADER } from '../../protocol/request-id.ts';
import { mintSessionToken } from '../interview/session-tokens.server.ts';
import type { SessionRef } from './session-document.server.ts';

/** The collab-server's HTTP base, from its WebSocket URL. */
export function collabHttpUrl(context: AppLoadContext): string {
  return context.services.config.COLLAB_URL.replace(/^ws(s?):\/\//, 'http$1://').replace(/\/$/, '');
}

/**
 * Asks the collab-server to close the candidate's writable connections to a
 * session the app has just closed; they reconnect read-only. Returns false
 * (and logs) when the collab-server cannot be reached: the session is closed
 * in the database either way, and new connections are refused write access.
 */
export async function closeCandidateConnections(
  context: AppLoadContext,
  ref: SessionRef,
): Promise<boolean> {
  const token = await mintSessionToken(
    context,
    { ...ref, subject: 'app', role: 'service', name: 'Tandem' },
    120,
  );
  const requestId = context.services.requestId();
  try {
    const response = await fetch(`${collabHttpUrl(context)}/sessions/${ref.sessionId}/close`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
      },
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) {
      context.services.logger.warn(
        { sessionId: ref.sessionId, status: response.status, body: await response.text() },
        'collab-server did not close the session',
      );
    }
    return response.ok;
  } catch (error) {
    context.services.logger.warn(
      { err: error, sessionId: ref.sessionId },
      'collab-server unreachable',
    );
    return false;
  }
}
