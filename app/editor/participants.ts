import type { Awareness } from 'y-protocols/awareness';
import type { Participant } from './api.ts';
import { readPresence } from './presence-state.ts';

const ROLE_ORDER = { candidate: 0, interviewer: 1, viewer: 2 } as const;

/** Everyone connected to the session document, this tab included, candidates first. */
export function listParticipants(awareness: Awareness): Participant[] {
  const participants: Participant[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    const presence = readPresence(state);
    if (!presence) continue;
    participants.push({
      clientId,
      userId: presence.user.id,
      name: presence.user.name,
      role: presence.user.role,
      color: presence.user.color,
      openPath: presence.file,
      cursor: presence.cursor,
      isSelf: clientId === awareness.clientID,
    });
  }
  return participants.sort(
    (a, b) =>
      ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
      a.name.localeCompare(b.name) ||
      a.clientId - b.clientId,
  );
}
