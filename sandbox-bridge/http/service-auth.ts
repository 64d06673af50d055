import type { IncomingMessage } from 'node:http';
import { TokenError, verifySessionToken } from '../../protocol/tokens.ts';
import { BridgeError } from '../errors.ts';

/**
 * The app calls the bridge with a session token whose role is `service` and
 * whose session is the one in the path; anything else is refused.
 */
export async function requireServiceToken(
  request: IncomingMessage,
  sessionId: string,
  secret: string,
): Promise<void> {
  const header = request.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : null;
  let claims: Awaited<ReturnType<typeof verifySessionToken>>;
  try {
    claims = await verifySessionToken(token, secret);
  } catch (error) {
    if (error instanceof TokenError) throw new BridgeError('UNAUTHORIZED', error.message);
    throw error;
  }
  if (claims.role !== 'service') {
    throw new BridgeError('FORBIDDEN', 'Only the app (a service token) may call this endpoint.');
  }
  if (claims.sessionId !== sessionId) {
    throw new BridgeError('FORBIDDEN', 'This token is for another session.');
  }
}
