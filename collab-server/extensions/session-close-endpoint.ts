import type { Extension } from '@hocuspocus/server';
import { isSessionOpen } from '../../protocol/sessions.ts';
import { closeCandidateConnections } from '../session-closer.ts';
import {
  SessionCommandEndpoint,
  type SessionCommandEndpointConfiguration,
} from './session-command-endpoint.ts';

export type SessionCloseEndpointConfiguration = SessionCommandEndpointConfiguration;

/**
 * `POST /sessions/:sessionId/close`, for the app, after it has marked the
 * session COMPLETED (or EXPIRED):
 *
 *     Authorization: Bearer <session token, role service, for this session>
 *
 * Closes the session's writable candidate connections with `sessionClosed`
 * (4410); their providers reconnect and are granted read-only from then on.
 * With Redis, every instance closes its own. Answers 200
 * `{ sessionId, closedConnections }` (this instance's count), 401 for a
 * missing, tampered or expired token, 403 when the token is not a service
 * token of this session, 404 for an unknown session and 409 while the session
 * is still ACTIVE or PAUSED (session-command-endpoint.ts).
 */
export class SessionCloseEndpoint extends SessionCommandEndpoint implements Extension {
  extensionName = 'SessionCloseEndpoint';

  constructor(configuration: SessionCloseEndpointConfiguration) {
    super(configuration, {
      name: 'close',
      conflict: (session) =>
        isSessionOpen(session.status)
          ? {
              code: 'SESSION_OPEN',
              message: 'Mark the session COMPLETED or EXPIRED before closing it.',
            }
          : null,
      run: closeCandidateConnections,
      countField: 'closedConnections',
      done: 'session closed',
      failed: 'closing the session failed',
    });
  }
}
