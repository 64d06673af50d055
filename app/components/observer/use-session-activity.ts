import { useEffect, useState } from 'react';
import type { SessionEventRecord } from '../../../protocol/events.ts';

const POLL_MS = 1000;

/** The session's events as they happen, polled from the activity endpoint. */
export function useSessionActivity(candidateId: string): SessionEventRecord[] {
  const [events, setEvents] = useState<SessionEventRecord[]>([]);
  useEffect(() => {
    let after = 0;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const poll = async () => {
      try {
        const response = await fetch(`/api/candidates/${candidateId}/activity?after=${after}`);
        if (response.ok) {
          const body = (await response.json()) as { events: SessionEventRecord[]; next: number };
          after = body.next;
          if (body.events.length > 0 && !stopped) setEvents((all) => [...all, ...body.events]);
          // A full page means more are waiting: fetch the rest at once.
          if (body.events.length >= 200 && !stopped) return void poll();
        }
      } catch {
        // offline for a moment: try again on the next tick
      }
      if (!stopped)
        timer = setTimeout(poll, document.visibilityState === 'visible' ? POLL_MS : POLL_MS * 5);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [candidateId]);
  return events;
}
