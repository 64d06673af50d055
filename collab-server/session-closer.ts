import type { Hocuspocus } from '@hocuspocus/server';
import { CLOSE_REASONS } from '../protocol/close-reasons.ts';
import { sessionDocumentName } from '../protocol/documents.ts';
import type { CollabContext } from './context.ts';

/**
 * Closes the writable candidate connections of a session on this instance
 * (and a pairing interviewer's, decision 027)
 * with `sessionClosed` (4410). The candidate's provider reconnects by itself
 * and `onAuthenticate` then finds the session COMPLETED and grants read-only.
 * Returns how many connections were closed.
 */
export function closeCandidateConnections(instance: Hocuspocus, sessionId: string): number {
  const document = instance.documents.get(sessionDocumentName(sessionId));
  if (!document) return 0;
  const { code, reason } = CLOSE_REASONS.sessionClosed;
  let closed = 0;
  for (const connection of document.getConnections()) {
    const participant = (connection.context as CollabContext).participant;
    const writer = participant?.role === 'candidate' || participant?.role === 'interviewer';
    if (!writer || connection.readOnly) continue;
    connection.webSocket.close(code, reason);
    closed += 1;
  }
  return closed;
}
