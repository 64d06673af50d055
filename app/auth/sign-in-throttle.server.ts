import { and, gt, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { signInThrottles } from '../../db/schema/index.ts';

const WINDOW_MS = 15 * 60_000;
/** Failures allowed in one window, per key kind. */
const LIMITS = { account: 5, address: 20 } as const;

/** Whom an attempt is counted against: the account (e-mail) and the client's address. */
export interface SignInAttempt {
  email: string;
  address: string;
}

function keysOf(attempt: SignInAttempt) {
  return {
    [`account:${attempt.email.trim().toLowerCase()}`]: LIMITS.account,
    [`address:${attempt.address}`]: LIMITS.address,
  };
}

/**
 * Seconds until this attempt may be tried again, or null when it may go on.
 * Checked before the password, so the right password is refused too while
 * the account or the address is over its limit.
 */
export async function signInRetryAfter(
  db: Database,
  attempt: SignInAttempt,
): Promise<number | null> {
  const limits = keysOf(attempt);
  const rows = await db
    .select()
    .from(signInThrottles)
    .where(
      and(
        inArray(signInThrottles.key, Object.keys(limits)),
        gt(signInThrottles.windowStartedAt, new Date(Date.now() - WINDOW_MS)),
      ),
    );
  const waits = rows
    .filter((row) => row.failures >= (limits[row.key] ?? Number.POSITIVE_INFINITY))
    .map((row) => row.windowStartedAt.getTime() + WINDOW_MS - Date.now());
  return waits.length > 0 ? Math.max(1, Math.ceil(Math.max(...waits) / 1000)) : null;
}

/** Counts a failed sign-in (or a magic-link request) against the account and the address. */
export async function recordSignInFailure(db: Database, attempt: SignInAttempt): Promise<void> {
  const windowStart = new Date(Date.now() - WINDOW_MS);
  const expired = sql`${signInThrottles.windowStartedAt} <= ${windowStart.toISOString()}::timestamptz`;
  for (const key of Object.keys(keysOf(attempt))) {
    // One statement per key, so concurrent processes never lose a count.
    await db
      .insert(signInThrottles)
      .values({ key, failures: 1, windowStartedAt: new Date() })
      .onConflictDoUpdate({
        target: signInThrottles.key,
        set: {
          failures: sql`CASE WHEN ${expired} THEN 1 ELSE ${signInThrottles.failures} + 1 END`,
          windowStartedAt: sql`CASE WHEN ${expired} THEN now() ELSE ${signInThrottles.windowStartedAt} END`,
        },
      });
  }
}

/** The sentence a throttled attempt gets. */
export function throttledMessage(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return `Too many sign-in attempts for this account or from this address. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}
