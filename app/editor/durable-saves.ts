import type { HocuspocusProvider } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import {
  decodeSaveMessage,
  encodeSaveMessage,
  SAVE_CHECK_MAX_WAIT_MS,
  SAVE_CHECK_QUIET_MS,
} from '../../protocol/durable-saves.ts';

/** Hocuspocus' message type of sync messages, and y-protocols' sync step 1. */
const SYNC = 0;
const SYNC_STEP_1 = 0;

/**
 * Whether every local change of a document is in the server's database
 * (decision 016). `@hocuspocus/provider`'s unsynced counter cannot say so:
 * it counts "applied in the server's memory", and `startSync()` resets it on
 * every reconnect, so after 500 offline edits it read 0 while the server had
 * 200 of them.
 *
 * Local changes are counted; after the server's sync step 1 on a connection
 * has been answered (the answer carries everything the server lacks),
 * a `save-check` goes out behind the updates, and the server's `saved`
 * answer confirms every change counted when the check was sent. A lost
 * connection forgets the check in flight: the next connection's sync sends
 * the changes again and a new check follows at once. Otherwise a check
 * waits until the document has been quiet for `quietMs`
 * (SAVE_CHECK_QUIET_MS), or `maxWaitMs` (SAVE_CHECK_MAX_WAIT_MS) after the
 * first change it will cover while typing goes on: one answer covers every
 * keystroke before its check.
 */
export class DurableSaveTracker {
  private readonly provider: HocuspocusProvider;
  private readonly onChange: () => void;
  private changes = 0;
  private savedChanges = 0;
  private nextId = 1;
  private inFlight: { id: number; changes: number } | null = null;
  /** The server's sync step 1 on this connection has been answered. */
  private answered = false;
  private scheduled = false;
  private readonly quietMs: number;
  private readonly maxWaitMs: number;
  /** Changes covered by the check in flight, or by the last answer. */
  private checkedChanges = 0;
  /** When the first change not yet covered by a check was made, and the last one. */
  private firstUncheckedAt = 0;
  private lastChangeAt = 0;
  /** A new connection's first check does not wait for quiet. */
  private checkAtOnce = true;
  private waitTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    provider: HocuspocusProvider,
    onChange: () => void,
    {
      quietMs = SAVE_CHECK_QUIET_MS,
      maxWaitMs = SAVE_CHECK_MAX_WAIT_MS,
    }: { quietMs?: number; maxWaitMs?: number } = {},
  ) {
    this.provider = provider;
    this.onChange = onChange;
    this.quietMs = quietMs;
    this.maxWaitMs = maxWaitMs;
    provider.document.on('update', this.onUpdate);
    provider.on('message', this.onMessage);
    provider.on('stateless', this.onStateless);
    provider.on('status', this.onStatus);
  }

  /** True when the server has confirmed every local change as written to its database. */
  get saved(): boolean {
    return this.changes === this.savedChanges;
  }

  /** Local changes made so far: a point a caller can wait to see confirmed (`confirmed`). */
  get changeCount(): number {
    return this.changes;
  }

  /** How many of the local changes the server has confirmed as durable. */
  get confirmed(): number {
    return this.savedChanges;
  }

  /** Local changes not yet confirmed durable. */
  get unsaved(): number {
    return this.changes - this.savedChanges;
  }

  destroy(): void {
    if (this.waitTimer) clearTimeout(this.waitTimer);
    this.waitTimer = null;
    this.provider.document.off('update', this.onUpdate);
    this.provider.off('message', this.onMessage);
    this.provider.off('stateless', this.onStateless);
    this.provider.off('status', this.onStatus);
  }

  private onUpdate = (_update: Uint8Array, origin: unknown): void => {
    // The provider's own origin marks what came from the server.
    if (origin === this.provider) return;
    const wasSaved = this.saved;
    const now = performance.now();
    if (this.changes === this.checkedChanges) this.firstUncheckedAt = now;
    this.lastChangeAt = now;
    this.changes += 1;
    this.schedule();
    if (wasSaved) this.onChange();
  };

  private onMessage = ({ event }: { event: { data: ArrayBuffer | Uint8Array } }): void => {
    try {
      const decoder = decoding.createDecoder(new Uint8Array(event.data));
      decoding.readVarString(decoder);
      if (decoding.readVarUint(decoder) !== SYNC) return;
      if (decoding.readVarUint(decoder) !== SYNC_STEP_1) return;
    } catch {
      return;
    }
    // The provider answers with its sync step 2 right after this event, in
    // the same turn; a check scheduled from here goes out behind that answer.
    this.answered = true;
    this.schedule();
  };

  private onStateless = ({ payload }: { payload: string }): void => {
    const message = decodeSaveMessage(payload);
    if (message?.type !== 'saved' || message.id !== this.inFlight?.id) return;
    this.savedChanges = Math.max(this.savedChanges, this.inFlight.changes);
    this.inFlight = null;
    this.onChange();
    this.schedule();
  };

  private onStatus = ({ status }: { status: string }): void => {
    if (status === 'connected') return;
    this.answered = false;
    this.inFlight = null;
    this.checkedChanges = this.savedChanges;
    // A new connection's first check goes out as soon as its sync is answered.
    this.checkAtOnce = true;
  };

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.sendCheck();
    });
  }

  private sendCheck(): void {
    if (!this.answered || this.inFlight) return;
    if (this.saved) {
      // Nothing was waiting for this connection's sync: the next change waits for quiet.
      this.checkAtOnce = false;
      return;
    }
    const now = performance.now();
    const due = this.checkAtOnce
      ? now
      : Math.min(this.lastChangeAt + this.quietMs, this.firstUncheckedAt + this.maxWaitMs);
    if (due > now) {
      // Woken at the earliest it could be due; typing since moves it on.
      this.waitTimer ??= setTimeout(() => {
        this.waitTimer = null;
        this.sendCheck();
      }, due - now);
      return;
    }
    this.checkAtOnce = false;
    // Buffered updates (flushDelay) must leave before the check that covers them.
    this.provider.flushPendingUpdates();
    this.inFlight = { id: this.nextId++, changes: this.changes };
    this.checkedChanges = this.changes;
    this.provider.sendStateless(encodeSaveMessage({ type: 'save-check', id: this.inFlight.id }));
  }
}
