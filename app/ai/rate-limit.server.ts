import { and, asc, eq, gte } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { aiInteractions } from '../../db/schema/index.ts';

export const CHAT_RATE_LIMIT = { turns: 20, windowMs: 10 * 60_000 } as const;

/** Sessions with a turn streaming in this process: one turn at a time per session. */
const streaming = new Set<string>();

export type RateDecision =
  | { ok: true; release: () => void }
  | { ok: false; retryAfterSeconds: number; message: string };

/**
 * Per-session limit: one turn at a time, and at most CHAT_RATE_LIMIT.turns
 * turns in a sliding window (counted in the database, so it holds across
 * app instances and restarts).
 */
export async function acquireChatTurn(
  db: Database,
  sessionId: string,
  now = Date.now(),
): Promise<RateDecision> {
  if (streaming.has(sessionId)) {
    return {
      ok: false,
      retryAfterSeconds: 2,
      message: 'The assistant is still answering your last message.',
    };
  }
  const since = new Date(now - CHAT_RATE_LIMIT.windowMs);
  const recent = await db
    .select({ createdAt: aiInteractions.createdAt })
    .from(aiInteractions)
    .where(and(eq(aiInteractions.sessionId, sessionId), gte(aiInteractions.createdAt, since)))
    .orderBy(asc(aiInteractions.createdAt));
  if (recent.length >= CHAT_RATE_LIMIT.turns) {
    const oldest = recent[0]!.createdAt.getTime();
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((oldest + CHAT_RATE_LIMIT.windowMs - now) / 1000),
    );
    return {
      ok: false,
      retryAfterSeconds,
      message: `You reached ${CHAT_RATE_LIMIT.turns} messages in ${CHAT_RATE_LIMIT.windowMs / 60_000} minutes; try again in ${retryAfterSeconds} s.`,
    };
  }
  streaming.add(sessionId);
  return { ok: true, release: () => streaming.delete(sessionId) };
}
