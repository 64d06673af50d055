import { useSyncExternalStore } from 'react';
import type { ConnectionState } from '../../editor/api.ts';

const KEPT = {
  tone: 'warn',
  label: 'Offline — your work is kept and will sync',
  detail:
    'Keep working: your changes are kept in this browser and sent when the connection returns.',
};

function describe(
  state: ConnectionState | null,
  browserOnline: boolean,
): { tone: string; label: string; detail: string } {
  if (!state) return { tone: 'pending', label: 'Loading editor…', detail: '' };
  // The socket can take a while to notice a lost network: the browser knows first,
  // and "Saving…" would promise something that cannot happen now.
  if (!browserOnline && state.kind !== 'refused') return KEPT;
  switch (state.kind) {
    case 'connected':
      return state.unsyncedChanges
        ? { tone: 'pending', label: 'Saving…', detail: 'Sending your latest changes.' }
        : { tone: 'ok', label: 'Connected', detail: 'All changes are saved.' };
    case 'connecting':
      return state.everSynced
        ? { tone: 'pending', label: 'Reconnecting…', detail: 'Trying to reconnect.' }
        : { tone: 'pending', label: 'Connecting…', detail: '' };
    case 'offline':
      return state.unsyncedChanges
        ? KEPT
        : {
            tone: 'warn',
            label: 'Reconnecting…',
            detail: 'The connection was lost; trying again.',
          };
    case 'refused':
      return {
        tone: 'bad',
        label: 'Disconnected',
        detail: state.reason ?? 'The server refused the connection.',
      };
  }
}

function subscribeOnline(listener: () => void): () => void {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

/** navigator.onLine, kept current (true on the server). */
function useBrowserOnline(): boolean {
  return useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
}

/** Connected / saving / (re)connecting / offline with work kept / refused, announced politely. */
export function ConnectionIndicator({ state }: { state: ConnectionState | null }) {
  const { tone, label, detail } = describe(state, useBrowserOnline());
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
