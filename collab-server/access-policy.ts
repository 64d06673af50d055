import type { DocumentName } from '../protocol/documents.ts';
import { isSessionOpen } from '../protocol/sessions.ts';
import type { SessionTokenClaims } from '../protocol/tokens.ts';
import { CollabRefusal } from './refusal.ts';
import type { SessionRecord } from './session-directory.ts';

export interface AccessGrant {
  readOnly: boolean;
}

/**
 * Who may open which document, from a verified token and the session's row:
 * - candidate: their own `session/<id>` (the token's subject is the
 *   session's candidate), read-write while the session is
 *   ACTIVE or PAUSED and read-only after; never `notes/<id>`;
 * - interviewer, viewer: `session/<id>` read-only, `notes/<id>` read-write;
 *   an interviewer's token that asks to pair (`pair: true`) writes the
 *   session while its assessment has pair mode on and the session is open
 *   (decision 027); a viewer never writes it, whatever the token asks;
 * - service (bridge, files API, initializer): `session/<id>` read-write.
 * The token must name this session and the organization that owns it (the
 * app mints observer tokens only for that organization's members; checking
 * again here means a token minted by mistake still opens nothing else).
 * Throws a CollabRefusal; returns the grant otherwise.
 */
export function decideAccess(
  claims: SessionTokenClaims,
  document: DocumentName,
  session: SessionRecord | null,
): AccessGrant {
  if (claims.sessionId !== document.sessionId) {
    throw new CollabRefusal('forbidden', 'the token names another session');
  }
  if (!session) throw new CollabRefusal('forbidden', 'no such interview session');
  if (claims.organizationId !== session.organizationId) {
    throw new CollabRefusal('forbidden', 'the token names another organization');
  }
  switch (claims.role) {
    case 'candidate':
      if (document.kind !== 'session') {
        throw new CollabRefusal('forbidden', 'candidates never open notes');
      }
      if (claims.subject !== session.candidateId) {
        throw new CollabRefusal('forbidden', 'the token names another candidate');
      }
      return { readOnly: !isSessionOpen(session.status) };
    case 'interviewer':
      if (document.kind !== 'session') return { readOnly: false };
      return {
        readOnly: !(claims.pair === true && session.pairMode && isSessionOpen(session.status)),
      };
    case 'viewer':
      return { readOnly: document.kind === 'session' };
    case 'service':
      if (document.kind !== 'session') {
        throw new CollabRefusal('forbidden', 'services open only session documents');
      }
      return { readOnly: false };
  }
}
