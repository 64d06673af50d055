import { TERMINAL_CLOSE } from '../../protocol/bridge-api.ts';
import { isSessionOpen } from '../../protocol/sessions.ts';
import type { SessionTokenClaims } from '../../protocol/tokens.ts';
import type { SessionRecord } from '../sessions/session-records.ts';

export type TerminalGrant =
  | { allowed: true; readOnly: boolean }
  | { allowed: false; close: (typeof TERMINAL_CLOSE)[keyof typeof TERMINAL_CLOSE] };

/**
 * Who may use a session's terminal, from a verified token: the candidate
 * writes to their own open session; the session's organization watches
 * read-only; a token for another session gets nothing.
 */
export function decideTerminalAccess(
  claims: SessionTokenClaims,
  sessionId: string,
  record: SessionRecord,
): TerminalGrant {
  if (claims.sessionId !== sessionId || claims.organizationId !== record.organizationId) {
    return { allowed: false, close: TERMINAL_CLOSE.forbidden };
  }
  if (claims.role === 'candidate') {
    if (!record.enableTerminal) return { allowed: false, close: TERMINAL_CLOSE.disabled };
    return { allowed: true, readOnly: !isSessionOpen(record.status) };
  }
  return { allowed: true, readOnly: true };
}
