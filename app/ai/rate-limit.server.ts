import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/backup/rows.ts';
import type { Database } from '../../db/client.ts';

export const CHAT_RATE_LIMIT = { turns: 20, windowMs: 10 * 60_000 } as const;

/** Sessions with a turn streaming in this process: one turn at a time per session. */
const streaming = new Set<string>();

export type RateDecision =
  | { ok: true; interactionId: string; startedAt: number; release: () => void }
  | { ok: false; retryAfterSeconds: number; message: string };

export interface ChatTurnStart {
  sessionId: string;
  prompt: string;
  model: string;
}

/**
 * Starts a chat turn when the per-session limit allows it: one turn at a
 * time, and at most CHAT_RATE_LIMIT.turns turns in a sliding window (counted
 * in the database, so it holds across restarts). The count and the record of
 * the turn (its `ai_interactions` row with the prompt, and the
 * `ai_turn_started` event) are one statement, committed before the model is
 * asked: the candidate's message is stored whatever happens next, and a
 * refused turn stores nothing (issue 17: one round trip instead of three).
 */
export async function startChatTurn(
  db: Database,
  turn: ChatTurnStart,
  now = Date.now(),
): Promise<RateDecision> {
  const { sessionId } = turn;
  if (streaming.has(sessionId)) {
    return {
      ok: false,
      retryAfterSeconds: 2,
      message: 'The assistant is still answering your last message.',
    };
  }
  // Taken before the first await, so two requests arriving together cannot both pass.
  streaming.add(sessionId);
  const release = () => streaming.delete(sessionId);
  let counted: { recent: number; oldest: Date | string | null; recorded: number } | undefined;
  const interactionId = crypto.randomUUID();
  try {
    const since = new Date(now - CHAT_RATE_LIMIT.windowMs).toISOString();
    [counted] = await queryRows<{
      recent: number;
      oldest: Date | string | null;
      recorded: number;
    }>(
      db,
      sql`with recent as (
        select count(*)::int as recent, min(created_at) as oldest
        from ai_interactions
        where session_id = ${sessionId} and created_at >= ${since}::timestamptz
      ), turn as (
        insert into ai_interactions (id, session_id, prompt, model)
        select ${interactionId}, ${sessionId}, ${turn.prompt}, ${turn.model}
        from recent where recent.recent < ${CHAT_RATE_LIMIT.turns}
        returning id
      ), started as (
        insert into session_events (session_id, at, type, data)
        select ${sessionId}, ${new Date(now).toISOString()}::timestamptz, 'ai_turn_started',
          jsonb_build_object('interactionId', turn.id, 'prompt', ${turn.prompt}::text)
        from turn
        returning seq
      )
      select recent.recent, recent.oldest, (select count(*) from started)::int as recorded
      from recent`,
    );
  } catch (error) {
    release();
    throw error;
  }
  if (counted && counted.recorded === 1) {
    return { ok: true, interactionId, startedAt: now, release };
  }
  release();
  const oldest = counted?.oldest ? new Date(counted.oldest).getTime() : now;
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
