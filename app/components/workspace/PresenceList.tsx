import type { Participant } from '../../editor/api.ts';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('') || '?';

function describe(participant: Participant): string {
  const where = participant.openPath
    ? ` — ${participant.openPath}${participant.cursor ? `:${participant.cursor.line}` : ''}`
    : '';
  return `${participant.name}${participant.isSelf ? ' (you)' : ''}, ${participant.role}${where}`;
}

/** Who is in the session: one avatar per person (several tabs of one person count once). */
export function PresenceList({ participants }: { participants: readonly Participant[] }) {
  const people = new Map<string, Participant>();
  for (const participant of participants) {
    const known = people.get(participant.userId);
    if (!known || (participant.isSelf && !known.isSelf))
      people.set(participant.userId, participant);
  }
  return (
    <ul className="presence" aria-label="People in this session">
      {[...people.values()].map((participant) => (
        <li
          key={participant.userId}
          className={`presence-person presence-${participant.role}`}
          title={describe(participant)}
          data-testid={`presence-${participant.role}`}
        >
          <span
            className="presence-avatar"
            style={{ backgroundColor: participant.color }}
            aria-hidden="true"
          >
            {initials(participant.name)}
          </span>
          <span className="visually-hidden">{describe(participant)}</span>
        </li>
      ))}
    </ul>
  );
}
