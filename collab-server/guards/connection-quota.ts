import type { CloseReasonName } from '../../protocol/close-reasons.ts';
import { TokenBucket } from './token-bucket.ts';

export interface ConnectionQuotaLimits {
  /** Open connections one participant may hold to one document. */
  maxConnections: number;
  /** Connection attempts per second one participant may make to one document… */
  attemptsPerSecond: number;
  /** …with bursts of this many. */
  attemptBurst: number;
  /**
   * Attempts the first refused connection costs; each further refusal before
   * the bucket has refilled costs twice the one before, up to maxRefusalCost:
   * a client refused again and again gets in ever more rarely.
   */
  refusalCost: number;
  maxRefusalCost: number;
}

export const CONNECTION_QUOTA: ConnectionQuotaLimits = {
  maxConnections: 8,
  attemptsPerSecond: 1,
  attemptBurst: 10,
  refusalCost: 5,
  maxRefusalCost: 320,
};

/** Attempts between two sweeps of idle keys. */
const SWEEP_EVERY = 256;

interface Holder {
  open: number;
  attempts: TokenBucket;
  /** Refusals since the bucket was last full. */
  refusals: number;
}

/**
 * Connections per participant and document (a candidate with one token and
 * a shell can open as many sockets as they like, each with its own message
 * budget): at most `maxConnections` open at once, and connection attempts
 * from a token bucket. Every connection the server refuses (a message
 * refused, a frame too large) costs attempts, twice as many as the refusal
 * before (from `refusalCost` up to `maxRefusalCost`), so a client that
 * reconnects to repeat an attack is let in after 5, 10, 20, … seconds,
 * refused before any database work (each admission may load a large document
 * afresh), while a client refused once reconnects at once. Keys are
 * forgotten when their last connection closes and their bucket is full again.
 */
export class ConnectionQuota {
  private readonly limits: ConnectionQuotaLimits;
  private readonly holders = new Map<string, Holder>();
  private readonly now: () => number;
  private admitted = 0;

  constructor(
    limits: Partial<ConnectionQuotaLimits> = {},
    now: () => number = performance.now.bind(performance),
  ) {
    this.limits = { ...CONNECTION_QUOTA, ...limits };
    this.now = now;
  }

  /** Takes one attempt for `key`; the reason to refuse it, or null. */
  admit(key: string): CloseReasonName | null {
    if (++this.admitted % SWEEP_EVERY === 0) this.sweep();
    const holder = this.holderOf(key);
    if (holder.open >= this.limits.maxConnections) return 'tooManyConnections';
    if (!holder.attempts.take()) return 'tooManyConnections';
    return null;
  }

  opened(key: string): void {
    this.holderOf(key).open += 1;
  }

  closed(key: string): void {
    const holder = this.holders.get(key);
    if (!holder) return;
    holder.open = Math.max(0, holder.open - 1);
    this.forgetIdle(key, holder);
  }

  /** A connection of `key` was refused: it pays for the attempts it will make. */
  refused(key: string): void {
    const holder = this.holderOf(key);
    const cost = Math.min(
      this.limits.maxRefusalCost,
      this.limits.refusalCost * 2 ** Math.min(holder.refusals, 30),
    );
    holder.refusals += 1;
    holder.attempts.take(cost, true);
  }

  /** Keys held now (for tests: idle keys do not accumulate). */
  get size(): number {
    return this.holders.size;
  }

  private holderOf(key: string): Holder {
    let holder = this.holders.get(key);
    if (!holder) {
      holder = {
        open: 0,
        attempts: new TokenBucket(
          this.limits.attemptBurst,
          this.limits.attemptsPerSecond,
          this.now,
        ),
        refusals: 0,
      };
      this.holders.set(key, holder);
    }
    return holder;
  }

  private sweep(): void {
    for (const [key, holder] of this.holders) this.forgetIdle(key, holder);
  }

  private forgetIdle(key: string, holder: Holder): void {
    if (!holder.attempts.isFull()) return;
    holder.refusals = 0;
    if (holder.open === 0) this.holders.delete(key);
  }
}
