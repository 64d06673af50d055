import type { AppLoadContext } from '@remix-run/node';
import type { ParticipantRole } from '../../protocol/roles.ts';
import { signSessionToken } from '../../protocol/tokens.ts';

/**
 * Mints the token a browser (or the app itself, as a service) presents to the
 * collab-server and the bridge. It names exactly one session.
 */
export function mintSessionToken(
  context: AppLoadContext,
  claims: {
    sessionId: string;
    organizationId: string;
    subject: string;
    role: ParticipantRole;
    name: string;
    /** An interviewer's pair token (decision 027). */
    pair?: boolean;
  },
  ttlSeconds: number,
): Promise<string> {
  return signSessionToken(
    claims,
    context.services.config.TANDEM_SECRET,
    Math.max(60, Math.ceil(ttlSeconds)),
  );
}
