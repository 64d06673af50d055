import type { HocuspocusProvider } from '@hocuspocus/provider';
import type * as Y from 'yjs';

/** What the pool keeps: an open, synced service connection to one session document. */
export interface PooledDocument {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  close(): void;
}

export interface ServiceConnectionsOptions {
  /** A connection nobody read through for this long is closed. */
  idleMs: number;
  /** A connection is not reused once it is this old (its token was checked when it opened). */
  maxAgeMs: number;
  /** At most this many sessions keep a connection; the least recently used goes first. */
  maxOpen: number;
  /** How long the freshness round trip of a kept connection may take before a fresh one is opened. */
  roundTripMs: number;
}

export const SERVICE_CONNECTIONS: ServiceConnectionsOptions = {
  idleMs: 5_000,
  maxAgeMs: 60_000,
  maxOpen: 32,
  roundTripMs: 2_000,
};

/** What the provider's `message` event carries (a fresh reader of the raw message). */
interface IncomingMessage {
  readVarString(): string;
  readVarUint(): number;
}

/** y-protocols' sync message kinds, behind Hocuspocus' document name and message type. */
const HOCUSPOCUS_SYNC = 0;
const SYNC_STEP_2 = 1;

function isSyncStepTwo(message: IncomingMessage): boolean {
  message.readVarString(); // the document's name
  return message.readVarUint() === HOCUSPOCUS_SYNC && message.readVarUint() === SYNC_STEP_2;
}

interface Entry {
  ready: Promise<PooledDocument>;
  /** Set once `ready` resolved; null while it is opening. */
  open: PooledDocument | null;
  openedAt: number;
  lastUsed: number;
  idle: ReturnType<typeof setTimeout> | null;
  /** Round trips run one after another (see `fresh`). */
  turn: Promise<unknown>;
  closed: boolean;
}

/**
 * Read-only service connections to session documents, kept open for a few
 * seconds after a read so that the next read of the same session does not
 * pay for a token, a WebSocket, authentication and a first sync (issue 17:
 * the files API's read target).
 *
 * A kept connection is live (the collab-server sends it every update), and
 * before each read it makes one sync round trip: it sends its state vector
 * and waits for the collab-server's answer, which carries everything the
 * collab-server had applied when it answered. So a read sees every edit the
 * collab-server had accepted before the read began, as a fresh connection
 * would. A connection that is not connected, not synced, too old, or whose
 * round trip fails is closed and replaced by a fresh one; a fresh one that
 * cannot open fails as it always did (`open`'s error).
 *
 * Created once per app instance (AppServices), closed on shutdown. `open`
 * comes from the caller: the Remix build has its own copy of the error
 * classes, and the errors it throws must stay the build's.
 */
export class ServiceConnections {
  private readonly entries = new Map<string, Entry>();
  private readonly options: ServiceConnectionsOptions;
  private opened = 0;
  private closed = false;

  constructor(options: Partial<ServiceConnectionsOptions> = {}) {
    this.options = { ...SERVICE_CONNECTIONS, ...options };
  }

  /** How many connections this pool has opened, and how many it holds now (tests, metrics). */
  stats(): { opened: number; open: number } {
    return { opened: this.opened, open: this.entries.size };
  }

  /**
   * Runs `read` on the session document as it is now, through a kept
   * connection when there is a usable one. `read` must not change the
   * document: writers open their own connection and wait for its
   * acknowledgement.
   */
  async read<T>(
    key: string,
    open: () => Promise<PooledDocument>,
    read: (doc: Y.Doc) => T,
  ): Promise<T> {
    if (this.closed) {
      // Shutting down: behave as before (one connection per read).
      const document = await open();
      try {
        return read(document.doc);
      } finally {
        document.close();
      }
    }
    let entry = this.entries.get(key);
    if (entry && !(await this.fresh(entry))) {
      this.drop(key, entry);
      entry = undefined;
    }
    // Another read may have replaced it meanwhile: that one opened after this
    // read began, so its first sync is as fresh as a round trip.
    entry ??= this.entries.get(key) ?? this.start(key, open);
    const document = await entry.ready;
    entry.lastUsed = Date.now();
    this.scheduleIdle(key, entry);
    return read(document.doc);
  }

  /** Closes every kept connection; later reads open one connection each (shutdown). */
  close(): void {
    this.closed = true;
    for (const [key, entry] of [...this.entries]) this.drop(key, entry);
  }

  /** Forgets a session's connection (e.g. the session was closed). */
  forget(key: string): void {
    const entry = this.entries.get(key);
    if (entry) this.drop(key, entry);
  }

  private start(key: string, open: () => Promise<PooledDocument>): Entry {
    const now = Date.now();
    const entry: Entry = {
      ready: open(),
      open: null,
      openedAt: now,
      lastUsed: now,
      idle: null,
      turn: Promise.resolve(),
      closed: false,
    };
    this.opened += 1;
    this.entries.set(key, entry);
    entry.ready.then(
      (document) => {
        entry.open = document;
        if (entry.closed) {
          document.close();
          return;
        }
        // A dropped socket is not reconnected under us: the next read opens a fresh one.
        const lost = () => this.drop(key, entry);
        document.provider.on('close', lost);
        document.provider.on('authenticationFailed', lost);
      },
      () => this.drop(key, entry),
    );
    this.evictBeyondLimit();
    return entry;
  }

  /** Whether a kept connection can serve a read now: connected, synced, young, and caught up. */
  private async fresh(entry: Entry): Promise<boolean> {
    let document: PooledDocument;
    try {
      document = await entry.ready;
    } catch {
      return false;
    }
    if (entry.closed || Date.now() - entry.openedAt > this.options.maxAgeMs) return false;
    // Round trips one at a time: a read must not settle on an answer to a
    // request sent before it began (that answer may predate an edit it must see).
    const turn = entry.turn.then(() => this.roundTrip(document));
    entry.turn = turn.catch(() => false);
    return (await turn) && !entry.closed;
  }

  /**
   * Sends the document's state vector (a sync step 1) and waits for the
   * collab-server's step 2, which carries everything it had and this copy
   * lacked. The provider applies a message right after announcing it, in the
   * same task, so the caller (resumed in a later microtask) reads the
   * document with the answer applied. Round trips of one connection never
   * overlap (`fresh`), so the step 2 that arrives is this one's answer.
   */
  private roundTrip(document: PooledDocument): Promise<boolean> {
    const { provider } = document;
    if (!provider.isSynced || !provider.isAuthenticated) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        provider.off('message', onMessage);
        provider.off('close', onLost);
        provider.off('destroy', onLost);
        resolve(ok);
      };
      const onMessage = ({ message }: { message: IncomingMessage }) => {
        if (isSyncStepTwo(message)) finish(true);
      };
      const onLost = () => finish(false);
      const timer = setTimeout(() => finish(false), this.options.roundTripMs);
      provider.on('message', onMessage);
      provider.on('close', onLost);
      provider.on('destroy', onLost);
      provider.forceSync();
    });
  }

  private scheduleIdle(key: string, entry: Entry): void {
    if (entry.idle) clearTimeout(entry.idle);
    entry.idle = setTimeout(() => {
      if (Date.now() - entry.lastUsed >= this.options.idleMs) this.drop(key, entry);
      else this.scheduleIdle(key, entry);
    }, this.options.idleMs);
    entry.idle.unref?.();
  }

  private evictBeyondLimit(): void {
    while (this.entries.size > this.options.maxOpen) {
      let oldest: [string, Entry] | null = null;
      for (const pair of this.entries) {
        if (!oldest || pair[1].lastUsed < oldest[1].lastUsed) oldest = pair;
      }
      if (!oldest) return;
      this.drop(oldest[0], oldest[1]);
    }
  }

  private drop(key: string, entry: Entry): void {
    if (this.entries.get(key) === entry) this.entries.delete(key);
    if (entry.closed) return;
    entry.closed = true;
    if (entry.idle) clearTimeout(entry.idle);
    // A read already holding the document finishes first: its work is synchronous.
    entry.open?.close();
  }
}
