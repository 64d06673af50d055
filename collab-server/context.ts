import type { EditOrigin } from '../protocol/origins.ts';
import type { ParticipantRole } from '../protocol/roles.ts';

/** Who is connected, as the verified token (or the in-process caller) says. */
export interface Participant {
  role: ParticipantRole;
  /** Candidate id, user id or service name: the `sender_id` of the history log. */
  id: string;
  name: string;
  sessionId: string;
  /** When the token this participant connected with expires (ms since the epoch). */
  expiresAt?: number;
}

/**
 * The Hocuspocus context of a Tandem connection. WebSocket connections get
 * `participant` from `onAuthenticate`; direct (in-process) connections pass
 * it to `openDirectConnection`, with `origin` for the edits they make.
 */
export interface CollabContext {
  participant?: Participant;
  origin?: EditOrigin;
}

/** The participant recorded when an in-process caller did not say who it is. */
export const SERVER_PARTICIPANT: Participant = {
  role: 'service',
  id: 'collab-server',
  name: 'Collab server',
  sessionId: '',
};
