import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { queryRows } from '../../db/backup/rows.ts';
import type { Database } from '../../db/client.ts';
import { bridgeInstances, interviewSessions, sessionLeases } from '../../db/schema/index.ts';
import type { Logger } from '../../protocol/logger.ts';
import { BridgeError } from '../errors.ts';

export interface LeaseKeeperOptions {
  db: Database;
  /** This bridge process: random per start, so a restarted bridge is a new owner. */
  owner: string;
  /** Where the app and other bridges reach this bridge. */
  ownerUrl: string;
  logger: Logger;
  /** How long a lease lasts without renewal (database time). */
  ttlMs?: number;
  /** How often every held lease is renewed (a third of the ttl by default). */
  renewEveryMs?: number;
  /**
   * Writes stop this long before the lease expires in the database, so a
   * write that starts just in time still ends before another bridge may take
   * the session (and clocks that drift a little do not matter).
   */
  marginMs?: number;
  /** Called once when a held lease is lost (taken over, or not renewed in time). */
  onLost?: (sessionId: string) => void;
}

/**
 * The right to write one session (decision 024). `assertHeld()` runs before
 * every write to the workspace, the document, the mirror's bases, the
 * terminal and the archive; `generation` goes into fenced database writes.
 */
export class SessionLease {
  readonly sessionId: string;
  readonly generation: number;
  /** performance.now() after which this bridge no longer writes. */
  validUntil: number;
  lost = false;

  constructor(sessionId: string, generation: number, validUntil: number) {
    this.sessionId = sessionId;
    this.generation = generation;
    this.validUntil = validUntil;
  }

  markLost(): void {
    this.lost = true;
  }

  held(): boolean {
    return !this.lost && performance.now() < this.validUntil;
  }

  assertHeld(): void {
    if (!this.held()) {
      throw new BridgeError(
        'LEASE_LOST',
        `This bridge no longer owns session ${this.sessionId} (generation ${this.generation}); another bridge serves it.`,
      );
    }
  }
}

/**
 * Acquires, renews and releases this bridge's session leases in Postgres:
 * one row per session with owner, expiry and a generation bumped by every
 * acquisition. A lease is taken only when it expired (its owner died or
 * let go) or this bridge already owns it; renewal checks owner and
 * generation, so a bridge that was taken over learns it at the next renewal
 * and its local validity has run out before the takeover was possible.
 */
export class LeaseKeeper {
  readonly owner: string;
  /** Set once the bridge listens when its port was chosen by the system. */
  ownerUrl: string;
  readonly ttlMs: number;
  readonly renewEveryMs: number;
  private readonly options: LeaseKeeperOptions;
  private readonly marginMs: number;
  private readonly leases = new Map<string, SessionLease>();
  private timer: NodeJS.Timeout | null = null;
  private renewing: Promise<void> | null = null;

  constructor(options: LeaseKeeperOptions) {
    this.options = options;
    this.owner = options.owner;
    this.ownerUrl = options.ownerUrl;
    this.ttlMs = options.ttlMs ?? 10_000;
    this.renewEveryMs = options.renewEveryMs ?? Math.floor(this.ttlMs / 3);
    this.marginMs = options.marginMs ?? Math.floor(this.ttlMs / 5);
  }

  /** Announces the bridge and renews its leases every `renewEveryMs` until `close()`. */
  async start(): Promise<void> {
    await this.heartbeat();
    this.timer = setInterval(() => void this.renew(), this.renewEveryMs);
    this.timer.unref();
  }

  /**
   * Takes the session, or throws SESSION_OWNED_ELSEWHERE (with the owner's
   * URL) while another bridge's lease is alive.
   */
  async acquire(sessionId: string): Promise<SessionLease> {
    const sentAt = performance.now();
    const [row] = await queryRows<{ generation: string | number }>(
      this.options.db,
      sql`insert into session_leases (session_id, owner, owner_url, generation, expires_at, acquired_at)
        values (${sessionId}, ${this.owner}, ${this.ownerUrl}, 1, ${this.expiry()}, now())
        on conflict (session_id) do update set
          owner = excluded.owner, owner_url = excluded.owner_url,
          generation = session_leases.generation + 1,
          expires_at = excluded.expires_at, acquired_at = excluded.acquired_at
        where session_leases.expires_at <= now() or session_leases.owner = excluded.owner
        returning generation`,
    );
    if (!row) {
      const [holder] = await this.options.db
        .select({ ownerUrl: sessionLeases.ownerUrl })
        .from(sessionLeases)
        .where(eq(sessionLeases.sessionId, sessionId));
      throw new BridgeError(
        'SESSION_OWNED_ELSEWHERE',
        `Session ${sessionId} is served by another sandbox bridge (${holder?.ownerUrl ?? 'unknown'}).`,
        holder ? { ownerUrl: holder.ownerUrl } : {},
      );
    }
    const lease = new SessionLease(sessionId, Number(row.generation), this.validFrom(sentAt));
    this.leases.get(sessionId)?.markLost();
    this.leases.set(sessionId, lease);
    this.options.logger.info({ sessionId, generation: lease.generation }, 'session lease acquired');
    return lease;
  }

  /** The URL of another bridge whose lease on the session is alive, or null. */
  async ownerElsewhere(sessionId: string): Promise<string | null> {
    const [row] = await queryRows<{ owner_url: string }>(
      this.options.db,
      sql`select owner_url from session_leases where session_id = ${sessionId}
        and owner <> ${this.owner} and expires_at > now()`,
    );
    return row?.owner_url ?? null;
  }

  /** Gives the session up at once (expired now, so any bridge may take it). */
  async release(lease: SessionLease): Promise<void> {
    lease.markLost();
    if (this.leases.get(lease.sessionId) === lease) this.leases.delete(lease.sessionId);
    await this.options.db
      .update(sessionLeases)
      .set({ expiresAt: sql`now()` })
      .where(
        and(
          eq(sessionLeases.sessionId, lease.sessionId),
          eq(sessionLeases.owner, this.owner),
          eq(sessionLeases.generation, lease.generation),
        ),
      );
  }

  /**
   * Live sessions nobody owns: their lease expired (the owner died or let
   * go) and the interview is still open, not archived. Other bridges adopt them.
   */
  async orphans(limit: number): Promise<Array<{ sessionId: string; stale: boolean }>> {
    const rows = await this.options.db
      .select({
        sessionId: sessionLeases.sessionId,
        stale: sql<boolean>`${sessionLeases.expiresAt} < now() - ${this.ttlMs} * interval '1 millisecond'`,
      })
      .from(sessionLeases)
      .innerJoin(interviewSessions, eq(interviewSessions.id, sessionLeases.sessionId))
      .where(
        and(
          lte(sessionLeases.expiresAt, sql`now()`),
          isNull(interviewSessions.archivedAt),
          inArray(interviewSessions.status, ['ACTIVE', 'PAUSED']),
        ),
      )
      .orderBy(sessionLeases.expiresAt)
      .limit(limit);
    return rows.map((row) => ({ sessionId: row.sessionId, stale: row.stale === true }));
  }

  /**
   * How many orphans this bridge may adopt in one pass: its fair share of
   * all live sessions (leased now, plus the orphans) among the live bridges
   * (`bridge_instances` seen within one lease), less what it holds. Several
   * bridges adopting after a death thus split the sessions instead of the
   * quickest taking them all. Orphans older than one more lease are anyone's:
   * a bridge that looks alive but does not adopt must not strand them.
   */
  async adoptionQuota(orphans: number): Promise<number> {
    const [row] = await queryRows<{
      bridges: string | number;
      live: string | number;
      mine: string | number;
    }>(
      this.options.db,
      sql`select
        (select count(*) from bridge_instances
          where seen_at > now() - ${this.ttlMs} * interval '1 millisecond' or id = ${this.owner}) as bridges,
        (select count(*) from session_leases where expires_at > now()) as live,
        (select count(*) from session_leases where expires_at > now() and owner = ${this.owner}) as mine`,
    );
    const bridges = Math.max(1, Number(row?.bridges ?? 1));
    const share = Math.ceil((Number(row?.live ?? 0) + orphans) / bridges);
    return Math.max(0, share - Number(row?.mine ?? 0));
  }

  /** Stops renewing and gives every lease up (a clean shutdown hands sessions over at once). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.renewing;
    // Best effort: with the database gone (a shutdown during an outage) the
    // leases expire by themselves and another bridge takes the sessions over.
    try {
      await Promise.all([...this.leases.values()].map((lease) => this.release(lease)));
      await this.options.db.delete(bridgeInstances).where(eq(bridgeInstances.id, this.owner));
    } catch (error) {
      this.options.logger.warn({ err: error }, 'leases not given up at shutdown; they will expire');
    }
  }

  /** One renewal round (tests call it to avoid waiting for the timer). */
  renew(): Promise<void> {
    this.renewing ??= this.renewOnce()
      .catch((error: unknown) =>
        this.options.logger.warn({ err: error }, 'session leases could not be renewed'),
      )
      .finally(() => {
        this.renewing = null;
      });
    return this.renewing;
  }

  /**
   * Renews every lease not known lost, also one whose local validity ran out
   * (a renewal that came late: CPU starvation, a slow database). That is
   * safe: the statement matches owner and generation, and every acquisition
   * bumps the generation, so it succeeds only if nobody took the session in
   * between; writes stayed refused while the lease was not held. Only a lease
   * the database refuses is lost (the session is then dropped here) — a slow
   * renewal no longer drops and reopens every session of a busy bridge.
   */
  private async renewOnce(): Promise<void> {
    await this.heartbeat();
    const held = [...this.leases.values()].filter((lease) => !lease.lost);
    if (held.length === 0) return;
    const sentAt = performance.now();
    const renewed = await queryRows<{ session_id: string }>(
      this.options.db,
      sql`update session_leases set expires_at = ${this.expiry()}
        where owner = ${this.owner} and (session_id, generation) in (${sql.join(
          held.map((lease) => sql`(${lease.sessionId}, ${lease.generation}::bigint)`),
          sql`, `,
        )})
        returning session_id`,
    );
    const kept = new Set(renewed.map((row) => row.session_id));
    for (const lease of held) {
      if (kept.has(lease.sessionId)) lease.validUntil = this.validFrom(sentAt);
      else this.lose(lease);
    }
  }

  private async heartbeat(): Promise<void> {
    await this.options.db
      .insert(bridgeInstances)
      .values({
        id: this.owner,
        url: this.ownerUrl,
        startedAt: sql`now()`,
        seenAt: sql`now()`,
      })
      .onConflictDoUpdate({ target: bridgeInstances.id, set: { seenAt: sql`now()` } });
  }

  private lose(lease: SessionLease): void {
    if (lease.lost) return;
    lease.markLost();
    if (this.leases.get(lease.sessionId) === lease) this.leases.delete(lease.sessionId);
    this.options.logger.warn(
      { sessionId: lease.sessionId, generation: lease.generation },
      'session lease lost: this bridge stops writing the session',
    );
    this.options.onLost?.(lease.sessionId);
  }

  private expiry() {
    return sql`now() + ${this.ttlMs} * interval '1 millisecond'`;
  }

  /** Local validity: counted from before the statement was sent, less the margin. */
  private validFrom(sentAt: number): number {
    return sentAt + this.ttlMs - this.marginMs;
  }
}
