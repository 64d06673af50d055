import type { ConnectionState } from '../../editor/api.ts';

function describe(state: ConnectionState | null): { tone: string; label: string; detail: string } {
  if (!state) return { tone: 'pending', label: 'Loading editor…', detail: '' };
  switch (state.kind) {
    case 'connected':
      return state.unsyncedChanges
        ? { tone: 'pending', label: 'Saving…', detail: 'Sending your latest changes.' }
        : { tone: 'ok', label: 'Connected', detail: 'All changes are saved.' };
    case 'connecting':
      return { tone: 'pending', label: 'Connecting…', detail: '' };
    case 'offline':
      return state.unsyncedChanges
        ? {
            tone: 'warn',
            label: 'Offline — unsynced changes',
            detail:
              'Keep working: your changes are kept in this browser and sent when the connection returns.',
          }
        : { tone: 'warn', label: 'Offline — reconnecting…', detail: 'Trying to reconnect.' };
    case 'refused':
      return {
        tone: 'bad',
        label: 'Disconnected',
        detail: state.reason ?? 'The server refused the connection.',
      };
  }
}

/** Connected / connecting / offline (with unsynced changes) / refused, announced politely. */
export function ConnectionIndicator({ state }: { state: ConnectionState | null }) {
  const { tone, label, detail } = describe(state);
  return (
    <div
      className={`connection connection-${tone}`}
      role="status"
      aria-live="polite"
      title={detail}
    >
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-label">{label}</span>
      {tone === 'bad' || tone === 'warn' ? <span className="visually-hidden">{detail}</span> : null}
    </div>
  );
}
