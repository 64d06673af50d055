import type { HocuspocusProvider } from '@hocuspocus/provider';
import { CLOSE_REASONS, closeReasonByText } from '../../protocol/close-reasons.ts';
import type { ConnectionState } from './api.ts';
import { DurableSaveTracker } from './durable-saves.ts';

/** After the server says its database is away, try again this much later. */
const UNAVAILABLE_RETRY_MS = 3_000;

/**
 * Follows a provider and reduces its events to what the indicator shows:
 * connecting (never synchronized yet), connected (synchronized), offline
 * (lost after a first sync, with or without changes the server has not
 * acknowledged), or refused with the server's reason. "Unsynced changes"
 * means not yet confirmed as written to the server's database
 * (durable-saves.ts), not the provider's own counter.
 */
export class ConnectionTracker {
  private socketStatus: 'connecting' | 'connected' | 'disconnected' = 'connecting';
  private synced = false;
  private everSynced = false;
  private refusedReason: string | null = null;
  private readonly provider: HocuspocusProvider;
  private readonly onChange: () => void;
  private readonly saves: DurableSaveTracker;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(provider: HocuspocusProvider, onChange: () => void) {
    this.provider = provider;
    this.onChange = onChange;
    this.saves = new DurableSaveTracker(provider, onChange);
    provider.on('status', this.onStatus);
    provider.on('synced', this.onSynced);
    provider.on('authenticationFailed', this.onRefused);
    provider.on('authenticated', this.onAuthenticated);
  }

  state(): ConnectionState {
    const unsyncedChanges = !this.saves.saved;
    if (this.refusedReason !== null) {
      return {
        kind: 'refused',
        unsyncedChanges,
        everSynced: this.everSynced,
        reason: this.refusedReason,
      };
    }
    // Once synchronized, anything short of a live synchronized socket is offline
    // (reconnect attempts included): the candidate's edits wait in IndexedDB.
    const live = this.socketStatus === 'connected' && this.synced;
    const kind = live ? 'connected' : this.everSynced ? 'offline' : 'connecting';
    return { kind, unsyncedChanges, everSynced: this.everSynced, reason: null };
  }

  destroy(): void {
    this.saves.destroy();
    if (this.retry) clearTimeout(this.retry);
    this.provider.off('status', this.onStatus);
    this.provider.off('synced', this.onSynced);
    this.provider.off('authenticationFailed', this.onRefused);
    this.provider.off('authenticated', this.onAuthenticated);
  }

  private onStatus = ({ status }: { status: string }): void => {
    this.socketStatus =
      status === 'connected'
        ? 'connected'
        : status === 'disconnected'
          ? 'disconnected'
          : 'connecting';
    if (this.socketStatus !== 'connected') this.synced = false;
    this.onChange();
  };

  private onSynced = ({ state }: { state: boolean }): void => {
    this.synced = state;
    if (state) this.everSynced = true;
    this.onChange();
  };

  private onAuthenticated = (): void => {
    this.refusedReason = null;
    this.onChange();
  };

  private onRefused = ({ reason }: { reason: string }): void => {
    const known = closeReasonByText(reason);
    this.refusedReason = known
      ? CLOSE_REASONS[known].reason
      : reason || 'The server refused the connection.';
    // A database outage passes: reconnect (and authenticate again) a little later.
    if (known === 'unavailable' && !this.retry) {
      this.retry = setTimeout(() => {
        this.retry = null;
        const socket = this.provider.configuration.websocketProvider;
        socket.disconnect();
        void socket.connect();
      }, UNAVAILABLE_RETRY_MS);
    }
    this.onChange();
  };
}
