import type { Hocuspocus } from '@hocuspocus/server';
import { encodeAccessNotice } from '../protocol/access-notice.ts';
import { CLOSE_REASONS } from '../protocol/close-reasons.ts';
import { sessionDocumentName } from '../protocol/documents.ts';
import type { CollabContext } from './context.ts';

/**
 * Closes the writable candidate connections of a session on this instance
 * with `sessionClosed` (4410). The candidate's provider reconnects by itself
 * and `onAuthenticate` then finds the session COMPLETED and grants read-only.
 * A pairing interviewer's connection (decision 027) is made read-only in
 * place instead: it stays open, so the room's "submitted" message reaches
 * the observer page, which then turns read-only itself. Returns how many
 * connections were closed or made read-only.
 */
export function closeCandidateConnections(instance: Hocuspocus, sessionId: string): number {
  const document = instance.documents.get(sessionDocumentName(sessionId));
  if (!document) return 0;
  const { code, reason } = CLOSE_REASONS.sessionClosed;
  let closed = 0;
  for (const connection of document.getConnections()) {
    const participant = (connection.context as CollabContext).participant;
    if (connection.readOnly) continue;
    if (participant?.role === 'interviewer') {
      connection.readOnly = true;
      closed += 1;
      continue;
    }
    if (participant?.role !== 'candidate') continue;
    connection.webSocket.close(code, reason);
    closed += 1;
  }
  return closed;
}

/**
 * Pair mode was turned off (decision 027): makes the writable interviewer
 * connections of a session on this instance read-only in place and tells
 * each of them (an access notice, protocol/access-notice.ts), so the
 * observer page locks its editor and goes back to watching. The connection
 * stays open: what the interviewer wrote before stays, the room's messages
 * keep coming. Candidates and services keep writing. Returns how many
 * connections were made read-only.
 */
export function stopPairing(instance: Hocuspocus, sessionId: string): number {
  const document = instance.documents.get(sessionDocumentName(sessionId));
  if (!document) return 0;
  const notice = encodeAccessNotice('PAIR_MODE_OFF');
  let stopped = 0;
  for (const connection of document.getConnections()) {
    const participant = (connection.context as CollabContext).participant;
    if (connection.readOnly || participant?.role !== 'interviewer') continue;
    connection.readOnly = true;
    connection.sendStateless(notice);
    stopped += 1;
  }
  return stopped;
}
