import type { AppLoadContext } from '@remix-run/node';
import { REQUEST_ID_HEADER } from '../../protocol/request-id.ts';
import { mintSessionToken } from '../interview/session-tokens.server.ts';
import type { SessionRef } from './session-document.server.ts';

/** The collab-server's HTTP base, from its WebSocket URL. */
export function collabHttpUrl(context: AppLoadContext): string {
  return context.services.config.COLLAB_URL.replace(/^ws(s?):\/\//, 'http$1://').replace(/\/$/, '');
}

/** What the app asks the collab-server to do to a session's open connections. */
export type SessionCommand = 'close' | 'pairing';

/**
 * `POST /sessions/:id/<command>` on the collab-server with a short-lived
 * service token of the session (collab-server/service-request.ts). Returns
 * whether it answered 2xx; logs and returns false when it refused or could
 * not be reached. The database has changed first in every case, so new
 * connections get the new access either way.
 */
export async function sendSessionCommand(
  context: AppLoadContext,
  ref: SessionRef,
  command: SessionCommand,
): Promise<boolean> {
  const token = await mintSessionToken(
    context,
    { ...ref, subject: 'app', role: 'service', name: 'Tandem' },
    120,
  );
  const requestId = context.services.requestId();
  try {
    const response = await fetch(`${collabHttpUrl(context)}/sessions/${ref.sessionId}/${command}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
      },
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) {
      context.services.logger.warn(
        { sessionId: ref.sessionId, command, status: response.status, body: await response.text() },
        'collab-server refused the session command',
      );
    }
    return response.ok;
  } catch (error) {
    context.services.logger.warn(
      { err: error, sessionId: ref.sessionId, command },
      'collab-server unreachable',
    );
    return false;
  }
}
