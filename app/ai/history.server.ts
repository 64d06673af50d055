import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { aiInteractions } from '../../db/schema/index.ts';

/** The session's chat so far, oldest first, for the chat panel after a reload. */
export function chatTurns(db: Database, sessionId: string) {
  return db
    .select({
      id: aiInteractions.id,
      prompt: aiInteractions.prompt,
      response: aiInteractions.response,
      error: aiInteractions.error,
    })
    .from(aiInteractions)
    .where(eq(aiInteractions.sessionId, sessionId))
    .orderBy(asc(aiInteractions.createdAt));
}
