import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Hocuspocus, onConfigurePayload, onRequestPayload } from '@hocuspocus/server';
import type { Histogram } from 'prom-client';
import type { Database } from '../../db/client.ts';
import type { Logger } from '../../protocol/logger.ts';
import type { HttpDurationLabels } from '../../protocol/metrics.ts';
import { observeRequest } from '../../protocol/request-observer.ts';
import { ClusterChannel } from '../cluster-channel.ts';
import { authorizeServiceRequest, errorBody, reply } from '../service-request.ts';
import type { SessionRecord } from '../session-directory.ts';

export interface SessionCommandEndpointConfiguration {
  db: Database;
  secret: string;
  logger: Logger;
  /** With several instances: REDIS_URL and the channel every instance listens on. */
  cluster?: { url: string; channel: string };
  /** Latency of the endpoint (the collab-server's registry). */
  httpDuration: Histogram<HttpDurationLabels>;
}

/** What one `POST /sessions/:id/<name>` does to the session's connections. */
export interface SessionCommand {
  /** The path's last segment: `close`, `pairing`. */
  name: string;
  /** A 409 when the session is not in the state the command is for, else null. */
  conflict(session: SessionRecord): { code: string; message: string } | null;
  /** Acts on this instance's connections; returns how many it changed. */
  run(instance: Hocuspocus, sessionId: string): number;
  /** The answer's count field (`closedConnections`, `stoppedConnections`). */
  countField: string;
  /** Log lines: done, and failed. */
  done: string;
  failed: string;
}

/**
 * An app → collab-server session command (`POST /sessions/:sessionId/<name>`):
 * a service token of this session (service-request.ts: 401, 403, 404, 405),
 * the command's 409, then the command on this instance and, with Redis, on
 * every other one through the command's channel. Answers 200
 * `{ sessionId, <countField> }` (this instance's count); errors are
 * `{ error: { code, message } }`.
 */
export class SessionCommandEndpoint {
  protected readonly configuration: SessionCommandEndpointConfiguration;
  private readonly command: SessionCommand;
  private readonly route: { route: string; quiet: boolean };
  private readonly path: RegExp;
  private instance: Hocuspocus | null = null;
  private channel: ClusterChannel | null = null;

  constructor(configuration: SessionCommandEndpointConfiguration, command: SessionCommand) {
    this.configuration = configuration;
    this.command = command;
    this.route = { route: `/sessions/:id/${command.name}`, quiet: false };
    this.path = new RegExp(`^/sessions/([A-Za-z0-9_-]{1,64})/${command.name}(?:\\?.*)?$`);
  }

  async onConfigure({ instance }: onConfigurePayload): Promise<void> {
    this.instance = instance;
    const { cluster, logger } = this.configuration;
    if (cluster) {
      this.channel = new ClusterChannel(cluster.url, cluster.channel, logger, (sessionId) => {
        if (this.instance) this.command.run(this.instance, sessionId);
      });
    }
  }

  async onListen(): Promise<void> {
    await this.channel?.whenReady();
  }

  async onRequest({ request, response, instance }: onRequestPayload): Promise<void> {
    const match = this.path.exec(request.url ?? '');
    if (!match) return;
    const { logger, httpDuration } = this.configuration;
    // The app sends its request id: this endpoint's lines carry it.
    await observeRequest(
      request,
      response,
      { logger, duration: httpDuration, label: () => this.route },
      async () => {
        try {
          await this.handle(match[1]!, request, response, instance);
        } catch (error) {
          logger.error({ err: error, sessionId: match[1] }, this.command.failed);
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
    const conflict = this.command.conflict(authorized.session);
    if (conflict) return reply(response, 409, errorBody(conflict.code, conflict.message));
    const count = this.command.run(instance, sessionId);
    await this.channel?.publish(sessionId);
    const { countField, done } = this.command;
    this.configuration.logger.info({ sessionId, [countField]: count }, done);
    reply(response, 200, { sessionId, [countField]: count });
  }
}
