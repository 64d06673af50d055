import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '../db/client.ts';
import { TokenError, verifySessionToken } from '../protocol/tokens.ts';
import { findSession, type SessionRecord } from './session-directory.ts';

/** Why a request to a session endpoint was refused: status, code and what to do. */
export interface ServiceRefusal {
  status: 401 | 403 | 404 | 405;
  code: string;
  message: string;
}

/**
 * The checks every app → collab-server session endpoint makes: POST, a
 * service token (`Authorization: Bearer`) minted for this session (401 for a
 * missing, tampered or expired token, 403 for anyone else's), and a session
 * of the token's organization (404). Returns the session, or the refusal.
 */
export async function authorizeServiceRequest(
  request: IncomingMessage,
  sessionId: string,
  options: { db: Database; secret: string },
): Promise<{ session: SessionRecord } | { refusal: ServiceRefusal }> {
  if (request.method !== 'POST') {
    return { refusal: { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'Use POST.' } };
  }
  const header = request.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : null;
  let claims: Awaited<ReturnType<typeof verifySessionToken>>;
  try {
    claims = await verifySessionToken(token, options.secret);
  } catch (error) {
    if (error instanceof TokenError) {
      return { refusal: { status: 401, code: error.code, message: error.message } };
    }
    throw error;
  }
  if (claims.role !== 'service' || claims.sessionId !== sessionId) {
    return {
      refusal: {
        status: 403,
        code: 'FORBIDDEN',
        message: 'Send a service token minted for this session.',
      },
    };
  }
  const session = await findSession(options.db, sessionId);
  if (!session || session.organizationId !== claims.organizationId) {
    return {
      refusal: { status: 404, code: 'SESSION_NOT_FOUND', message: 'No such interview session.' },
    };
  }
  return { session };
}

/** `{ error: { code, message } }`, the body of every refusal. */
export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

export function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
