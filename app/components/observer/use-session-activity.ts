import { useEffect, useState } from 'react';
import type { SessionEventRecord } from '../../../protocol/events.ts';

/** The session's events as they happen, from the activity stream (EventSource reconnects by itself). */
export function useSessionActivity(candidateId: string): SessionEventRecord[] {
  const [events, setEvents] = useState<SessionEventRecord[]>([]);
  useEffect(() => {
    const source = new EventSource(`/api/candidates/${candidateId}/activity`);
    source.addEventListener('session_event', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as SessionEventRecord;
      setEvents((all) => (all.some((e) => e.seq === event.seq) ? all : [...all, event]));
    });
    return () => source.close();
  }, [candidateId]);
  return events;
}
