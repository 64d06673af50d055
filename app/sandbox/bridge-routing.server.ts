import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/backup/rows.ts';
import type { Database } from '../../db/client.ts';

/**
 * Where a session's bridge calls go (decision 024): first the bridge whose
 * lease on the session is alive, then the configured bridges, the session's
 * own order among them (a hash of its id, so new sessions spread evenly and
 * a session keeps going to the same bridge while nobody owns it).
 */
export interface BridgeRouting {
  /** The configured bridges (BRIDGE_URLS, or BRIDGE_URL alone). */
  urls: string[];
  /** The owner's URL from the lease table, or null (no live owner, or not known). */
  ownerOf?: (sessionId: string) => Promise<string | null>;
}

/** The live lease's owner URL, read from Postgres by any app replica. */
export function leaseOwnerLookup(db: Database): (sessionId: string) => Promise<string | null> {
  return async (sessionId) => {
    const [row] = await queryRows<{ owner_url: string }>(
      db,
      sql`select owner_url from session_leases where session_id = ${sessionId} and expires_at > now()`,
    );
    return row?.owner_url ?? null;
  };
}

/** The configured bridges in the order this session tries them. */
export function bridgeOrder(urls: string[], sessionId: string): string[] {
  if (urls.length < 2) return [...urls];
  const start = createHash('sha256').update(sessionId).digest().readUInt32BE(0) % urls.length;
  return [...urls.slice(start), ...urls.slice(0, start)];
}

/** BRIDGE_URLS (comma-separated) or BRIDGE_URL, without trailing slashes or repeats. */
export function configuredBridges(bridgeUrls: string | undefined, bridgeUrl: string): string[] {
  const list = (bridgeUrls ?? bridgeUrl)
    .split(',')
    .map((url) => url.trim().replace(/\/$/, ''))
    .filter((url) => url.length > 0);
  return [...new Set(list)];
}
