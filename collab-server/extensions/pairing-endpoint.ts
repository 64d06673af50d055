import type { connectedPayload, Extension } from '@hocuspocus/server';
import { encodeAccessNotice } from '../../protocol/access-notice.ts';
import { parseDocumentName } from '../../protocol/documents.ts';
import { isSessionOpen } from '../../protocol/sessions.ts';
import type { CollabContext } from '../context.ts';
import { stopPairing } from '../session-closer.ts';
import { findSession } from '../session-directory.ts';
import {
  SessionCommandEndpoint,
  type SessionCommandEndpointConfiguration,
} from './session-command-endpoint.ts';

export type PairingEndpointConfiguration = SessionCommandEndpointConfiguration;

/**
 * `POST /sessions/:sessionId/pairing`, for the app, after a team turned its
 * assessment's pair mode off (decision 027): re-checks pairing for the
 * session and, when it is no longer allowed (pair mode off or the session
 * closed), makes every writable interviewer connection read-only in place
 * and sends it an access notice (session-closer.ts `stopPairing`). With
 * Redis, every instance stops its own. Same authentication and errors as
 * `/sessions/:id/close` (session-command-endpoint.ts): 401, 403, 404, 405; 409
 * `PAIR_MODE_ON` while the session is open and its assessment still has pair
 * mode on (nothing changes). Answers 200 `{ sessionId, stoppedConnections }`
 * (this instance's count).
 */
export class PairingEndpoint extends SessionCommandEndpoint implements Extension {
  extensionName = 'PairingEndpoint';

  constructor(configuration: PairingEndpointConfiguration) {
    super(configuration, {
      name: 'pairing',
      conflict: (session) =>
        session.pairMode && isSessionOpen(session.status)
          ? {
              code: 'PAIR_MODE_ON',
              message: 'Turn pair mode off for the assessment before stopping pairing.',
            }
          : null,
      run: stopPairing,
      countField: 'stoppedConnections',
      done: 'pairing stopped',
      failed: 'stopping pairing failed',
    });
  }

  /**
   * A pair connection authenticated just before pair mode was turned off may
   * join the document just after the endpoint looked: read the session again
   * once it has joined (only writable interviewer connections, so one query
   * per pairing) and stop it the same way. Either the endpoint sees it or
   * this read sees the switch.
   */
  async connected({
    connection,
    context,
    documentName,
  }: connectedPayload<CollabContext>): Promise<void> {
    const participant = context.participant;
    if (participant?.role !== 'interviewer' || connection.readOnly) return;
    if (parseDocumentName(documentName)?.kind !== 'session') return;
    let session: Awaited<ReturnType<typeof findSession>>;
    try {
      session = await findSession(this.configuration.db, participant.sessionId);
    } catch (error) {
      // The database is away: the grant onAuthenticate made a moment ago stands.
      this.configuration.logger.warn({ err: error, documentName }, 'pairing re-check failed');
      return;
    }
    if (session?.pairMode && isSessionOpen(session.status)) return;
    connection.readOnly = true;
    connection.sendStateless(encodeAccessNotice('PAIR_MODE_OFF'));
  }
}
