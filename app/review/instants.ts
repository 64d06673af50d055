/** The replay page's deep link to an instant (ms since the session started), as notes use it. */
export function replayLink(candidateId: string, t: number): string {
  return `/candidates/${candidateId}/replay?t=${Math.max(0, Math.round(t))}`;
}

/** m:ss of an instant. */
export function formatInstant(t: number): string {
  const seconds = Math.max(0, Math.floor(t / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
