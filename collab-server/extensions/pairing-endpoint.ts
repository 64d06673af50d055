import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  connectedPayload,
  Extension,
  Hocuspocus,
  onConfigurePayload,
  onRequestPayload,
} from '@hocuspocus/server';
import type { Histogram } from 'prom-client';
import type { Database } from '../../db/client.ts';
import { encodeAccessNotice } from '../../protocol/access-notice.ts';
import { parseDocumentName } from '../../protocol/documents.ts';
import type { Logger } from '../../protocol/logger.ts';
import type { HttpDurationLabels } from '../../protocol/metrics.ts';
import { observeRequest } from '../../protocol/request-observer.ts';
import { isSessionOpen } from '../../protocol/sessions.ts';
import { ClusterChannel } from '../cluster-channel.ts';
import type { CollabContext } from '../context.ts';
import { authorizeServiceRequest, errorBody, reply } from '../service-request.ts';
import { stopPairing } from '../session-closer.ts';
import { findSession } from '../session-directory.ts';

export interface PairingEndpointConfiguration {
  db: Database;
  secret: string;
  logger: Logger;
  /** With several instances: REDIS_URL and the channel every instance listens on. */
  cluster?: { url: string; channel: string };
  /** Latency of the endpoint (the collab-server's registry). */
  httpDuration: Histogram<HttpDurationLabels>;
}

const ROUTE = { route: '/sessions/:id/pairing', quiet: false };

const PATH = /^\/sessions\/([A-Za-z0-9_-]{1,64})\/pairing(?:\?.*)?$/;

/**
 * `POST /sessions/:sessionId/pairing`, for the app, after a team turned its
 * assessment's pair mode off (decision 027): re-checks pairing for the
 * session and, when it is no longer allowed (pair mode off or the session
 * closed), makes every writable interviewer connection read-only in place
 * and sends it an access notice (session-closer.ts `stopPairing`). With
 * Redis, every instance stops its own. Same authentication and errors as
 * `/sessions/:id/close` (service-request.ts): 401, 403, 404, 405; 409
 * `PAIR_MODE_ON` while the session is open and its assessment still has pair
 * mode on (nothing changes). Answers 200 `{ sessionId, stoppedConnections }`
 * (this instance's count).
 */
export class PairingEndpoint implements Extension {
  extensionName = 'PairingEndpoint';
  private readonly configuration: PairingEndpointConfiguration;
  private instance: Hocuspocus | null = null;
  private channel: ClusterChannel | null = null;

  constructor(configuration: PairingEndpointConfiguration) {
    this.configuration = configuration;
  }

  async onConfigure({ instance }: onConfigurePayload): Promise<void> {
    this.instance = instance;
    const { cluster } = this.configuration;
    if (cluster) {
      this.channel = new ClusterChannel(
        cluster.url,
        cluster.channel,
        this.configuration.logger,
        (sessionId) => {
          if (this.instance) stopPairing(this.instance, sessionId);
        },
      );
    }
  }

  async onListen(): Promise<void> {
    await this.channel?.whenReady();
  }

  async onRequest({ request, response, instance }: onRequestPayload): Promise<void> {
    const match = PATH.exec(request.url ?? '');
    if (!match) return;
    const { logger, httpDuration } = this.configuration;
    await observeRequest(
      request,
      response,
      { logger, duration: httpDuration, label: () => ROUTE },
      async () => {
        try {
          await this.handle(match[1]!, request, response, instance);
        } catch (error) {
          logger.error({ err: error, sessionId: match[1] }, 'stopping pairing failed');
          if (!response.headersSent) reply(response, 500, errorBody('INTERNAL', String(error)));
        }
      },
    );
    throw null; // handled: no other hook, no default response
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

  async onDestroy(): Promise<void> {
    await this.channel?.close();
  }

  private async handle(
    sessionId: string,
    request: IncomingMessage,
    response: ServerResponse,
    instance: Hocuspocus,
  ): Promise<void> {
    const authorized = await authorizeServiceRequest(request, sessionId, this.configuration);
    if ('refusal' in authorized) {
      const { status, code, message } = authorized.refusal;
      return reply(response, status, errorBody(code, message));
    }
    const { session } = authorized;
    if (session.pairMode && isSessionOpen(session.status)) {
      return reply(
        response,
        409,
        errorBody('PAIR_MODE_ON', 'Turn pair mode off for the assessment before stopping pairing.'),
      );
    }
    const stoppedConnections = stopPairing(instance, sessionId);
    await this.channel?.publish(sessionId);
    this.configuration.logger.info({ sessionId, stoppedConnections }, 'pairing stopped');
    reply(response, 200, { sessionId, stoppedConnections });
  }
}
