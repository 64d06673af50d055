import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import {
  TERMINAL_CLOSE,
  TERMINAL_MAX_FRAME_BYTES,
  type TerminalClientMessage,
  type TerminalServerMessage,
} from '../../protocol/bridge-api.ts';
import { withLogContext } from '../../protocol/log-context.ts';
import type { Logger } from '../../protocol/logger.ts';
import { acceptRequestId, newRequestId, REQUEST_ID_HEADER } from '../../protocol/request-id.ts';
import { TokenError, verifySessionToken } from '../../protocol/tokens.ts';
import { BridgeError } from '../errors.ts';
import type { SessionRegistry } from '../sessions/session-registry.ts';
import { decideTerminalAccess } from './terminal-access.ts';
import type { TerminalClient } from './terminal-channel.ts';
import { FORWARDED_HEADER, forwardUpgrade } from './terminal-forward.ts';

const PATH = /^\/terminal\/([A-Za-z0-9_-]{1,64})$/;

/**
 * 1012 "service restart": not a refusal, so the browser reconnects (through
 * the edge, to whichever bridge owns the session by then; decision 024).
 */
const MOVED = { code: 1012, reason: 'The session moved to another sandbox bridge; reconnect.' };

export interface TerminalSocketOptions {
  registry: SessionRegistry;
  /**
   * Where another live bridge serves the session, or null to serve it here
   * (decision 024: the upgrade is then forwarded to the owner).
   */
  ownerElsewhere?: (sessionId: string) => Promise<string | null>;
  secret: string;
  logger: Logger;
}

/**
 * The terminal's WebSocket endpoint, `/terminal/:sessionId?token=…`. The
 * upgrade is accepted first so that a refusal reaches the browser as a close
 * code and reason (an HTTP 403 on upgrade is invisible to browser code).
 */
export function createTerminalSocket(options: TerminalSocketOptions) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: TERMINAL_MAX_FRAME_BYTES });

  const serve = async (socket: WebSocket, sessionId: string, token: string | null) => {
    // Frames that arrive while the token and session are checked are kept, not lost.
    const early: TerminalClientMessage[] = [];
    let deliver = (message: TerminalClientMessage) => {
      early.push(message);
    };
    socket.on('message', (raw) => {
      const message = parseClientMessage(String(raw));
      if (message) deliver(message);
    });
    const close = (reason: { code: number; reason: string }) =>
      socket.close(reason.code, reason.reason);
    let claims: Awaited<ReturnType<typeof verifySessionToken>>;
    try {
      claims = await verifySessionToken(token, options.secret);
    } catch (error) {
      if (error instanceof TokenError) return close(TERMINAL_CLOSE.unauthorized);
      throw error;
    }
    const record = await options.registry.lookup(sessionId).catch(() => null);
    if (!record) return close(TERMINAL_CLOSE.notFound);
    const grant = decideTerminalAccess(claims, sessionId, record);
    if (!grant.allowed) return close(grant.close);
    let session: Awaited<ReturnType<SessionRegistry['open']>>;
    try {
      session = await options.registry.open(sessionId);
    } catch (error) {
      options.logger.warn({ err: error, sessionId }, 'terminal could not open the session');
      if (error instanceof BridgeError && error.code === 'SESSION_OWNED_ELSEWHERE') {
        return close(MOVED);
      }
      return close(
        error instanceof BridgeError && error.code === 'SESSION_CLOSED'
          ? TERMINAL_CLOSE.forbidden
          : TERMINAL_CLOSE.unavailable,
      );
    }
    if (socket.readyState !== socket.OPEN) return;
    const client: TerminalClient = {
      readOnly: grant.readOnly,
      send: (message: TerminalServerMessage) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      },
      end: () => close(MOVED),
    };
    const unavailable = (error: unknown) => {
      if (error instanceof BridgeError && error.code === 'LEASE_LOST') {
        // A renewal came late (or the session is moving): the keystrokes did not reach the shell.
        options.logger.warn({ err: error, sessionId }, 'terminal input refused: lease not held');
        client.send({
          type: 'error',
          code: 'LEASE_LOST',
          message:
            'That input did not reach the shell (the session is being handed over); type it again.',
        });
        return;
      }
      options.logger.warn({ err: error, sessionId }, 'terminal shell did not start');
      client.send({
        type: 'error',
        code: 'SANDBOX_UNAVAILABLE',
        message: 'The shell could not start.',
      });
    };
    socket.on('close', () => session.terminal.detach(client));
    await session.terminal.attach(client).catch(unavailable);
    deliver = (message) => {
      if (message.type === 'input') session.terminal.input(client, message.data).catch(unavailable);
      else session.terminal.resize(client, message.cols, message.rows);
    };
    for (const message of early.splice(0)) deliver(message);
  };

  return {
    /** Handles an upgrade request; false when the path is not the terminal's. */
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      const url = new URL(request.url ?? '/', 'http://bridge');
      const match = PATH.exec(url.pathname);
      if (!match) return false;
      const sessionId = match[1]!;
      // The edge's request id when there is one; the connection id is ours.
      const requestId = acceptRequestId(request.headers[REQUEST_ID_HEADER]);
      const fields = { connectionId: newRequestId(), ...(requestId ? { requestId } : {}) };
      const accept = () =>
        withLogContext(fields, () => {
          wss.handleUpgrade(request, socket, head, (ws) => {
            const opened = performance.now();
            options.logger.info({ sessionId }, 'terminal connected');
            ws.once('close', (code) =>
              withLogContext(fields, () =>
                options.logger.info(
                  {
                    sessionId,
                    closeCode: code,
                    durationMs: Math.round(performance.now() - opened),
                  },
                  'terminal disconnected',
                ),
              ),
            );
            serve(ws, sessionId, url.searchParams.get('token')).catch((error: unknown) => {
              options.logger.error({ err: error }, 'terminal connection failed');
              ws.close(TERMINAL_CLOSE.unavailable.code, TERMINAL_CLOSE.unavailable.reason);
            });
          });
        });
      const ownerElsewhere = options.ownerElsewhere;
      if (!ownerElsewhere || request.headers[FORWARDED_HEADER] || options.registry.has(sessionId)) {
        accept();
        return true;
      }
      socket.pause();
      ownerElsewhere(sessionId)
        .catch(() => null)
        .then((ownerUrl) => {
          if (ownerUrl) {
            options.logger.info({ sessionId, ownerUrl }, 'terminal forwarded to the session owner');
            forwardUpgrade(request, socket, head, ownerUrl); // piping resumes the socket
          } else {
            accept();
            socket.resume();
          }
        });
      return true;
    },
    /** Terminal connections open now. */
    connections(): number {
      return wss.clients.size;
    },
    close(): Promise<void> {
      for (const client of wss.clients) client.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}

function parseClientMessage(raw: string): TerminalClientMessage | null {
  try {
    const value = JSON.parse(raw) as Partial<TerminalClientMessage> & Record<string, unknown>;
    if (value.type === 'input' && typeof value.data === 'string') {
      return { type: 'input', data: value.data };
    }
    if (
      value.type === 'resize' &&
      typeof value.cols === 'number' &&
      typeof value.rows === 'number'
    ) {
      return { type: 'resize', cols: value.cols, rows: value.rows };
    }
  } catch {
    // not JSON: ignored
  }
  return null;
}
