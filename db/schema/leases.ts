import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';
import { interviewSessions } from './candidates.ts';
import { ts } from './columns.ts';

/**
 * Which sandbox bridge owns each live session (decision 024). One row per
 * session a bridge has opened: the owner writes the session's disk, document,
 * terminal and archive only while `expires_at` (database time) is ahead and
 * `generation` is still the one it acquired; every takeover bumps it.
 */
export const sessionLeases = pgTable(
  'session_leases',
  {
    sessionId: text('session_id')
      .primaryKey()
      .references(() => interviewSessions.id, { onDelete: 'cascade' }),
    /** The bridge instance id (random per process start). */
    owner: text('owner').notNull(),
    /** Where the app and other bridges reach the owner (BRIDGE_ADVERTISE_URL). */
    ownerUrl: text('owner_url').notNull(),
    /** Bumped by every acquisition; writes carry the generation they hold. */
    generation: bigint('generation', { mode: 'number' }).notNull(),
    expiresAt: ts('expires_at').notNull(),
    acquiredAt: ts('acquired_at').notNull(),
  },
  (t) => [index('session_leases_expires_idx').on(t.expiresAt)],
);

/** Every bridge process alive, renewed with its leases: where orphaned sessions may go. */
export const bridgeInstances = pgTable('bridge_instances', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  startedAt: ts('started_at').notNull(),
  seenAt: ts('seen_at').notNull(),
});
