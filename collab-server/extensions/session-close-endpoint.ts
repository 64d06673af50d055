import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  Extension,
  Hocuspocus,
  onConfigurePayload,
  onRequestPayload,
} from '@hocuspocus/server';
import type { Histogram } from 'prom-client';
import type { Database } from '../../db/client.ts';
import type { Logger } from '../../protocol/logger.ts';
import type { HttpDurationLabels } from '../../protocol/metrics.ts';
import { observeRequest } from '../../protocol/request-observer.ts';
import { isSessionOpen } from '../../protocol/sessions.ts';
import { ClusterChannel } from '../cluster-channel.ts';
import { authorizeServiceRequest, errorBody, reply } from '../service-request.ts';
import { closeCandidateConnections } from '../session-closer.ts';

export interface SessionCloseEndpointConfiguration {
  db: Database;
  secret: string;
  logger: Logger;
  /** With several instances: REDIS_URL and the channel every instance listens on. */
  cluster?: { url: string; channel: string };
  /** Latency of the endpoint (the collab-server's registry). */
  httpDuration: Histogram<HttpDurationLabels>;
}

const ROUTE = { route: '/sessions/:id/close', quiet: false };

const PATH = /^\/sessions\/([A-Za-z0-9_-]{1,64})\/close(?:\?.*)?$/;

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
 * is still ACTIVE or PAUSED. Errors are `{ error: { code, message } }`.
 */
export class SessionCloseEndpoint implements Extension {
  extensionName = 'SessionCloseEndpoint';
  private readonly configuration: SessionCloseEndpointConfiguration;
  private instance: Hocuspocus | null = null;
  private channel: ClusterChannel | null = null;

  constructor(configuration: SessionCloseEndpointConfiguration) {
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
          if (this.instance) closeCandidateConnections(this.instance, sessionId);
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
    // The app sends its request id: this endpoint's lines carry it.
    await observeRequest(
      request,
      response,
      { logger, duration: httpDuration, label: () => ROUTE },
      async () => {
        try {
          await this.handle(match[1]!, request, response, instance);
        } catch (error) {
          logger.error({ err: error, sessionId: match[1] }, 'closing the session failed');
          if (!response.headersSent) reply(response, 500, errorBody('INTERNAL', String(error)));
        }
      },
    );
    throw null; // handled: no other hook, no default response
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
    if (isSessionOpen(session.status)) {
      return reply(
        response,
        409,
        errorBody('SESSION_OPEN', 'Mark the session COMPLETED or EXPIRED before closing it.'),
      );
    }
    const closedConnections = closeCandidateConnections(instance, sessionId);
    await this.channel?.publish(sessionId);
    this.configuration.logger.info({ sessionId, closedConnections }, 'session closed');
    reply(response, 200, { sessionId, closedConnections });
  }
}
