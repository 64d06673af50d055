import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { interviewSessions } from '../db/schema/index.ts';
import type { SessionStatus } from '../protocol/sessions.ts';

/** What access decisions need to know about an interview session. */
export interface SessionRecord {
  id: string;
  organizationId: string;
  candidateId: string;
  status: SessionStatus;
}

/** Reads one interview session; null when it does not exist. */
export async function findSession(db: Database, sessionId: string): Promise<SessionRecord | null> {
  const [row] = await db
    .select({
      id: interviewSessions.id,
      organizationId: interviewSessions.organizationId,
      candidateId: interviewSessions.candidateId,
      status: interviewSessions.status,
    })
    .from(interviewSessions)
    .where(eq(interviewSessions.id, sessionId));
  return row ?? null;
}
