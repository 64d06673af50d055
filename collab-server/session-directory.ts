import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { assessments, candidates, interviewSessions } from '../db/schema/index.ts';
import type { SessionStatus } from '../protocol/sessions.ts';

/** What access decisions need to know about an interview session. */
export interface SessionRecord {
  id: string;
  organizationId: string;
  candidateId: string;
  status: SessionStatus;
  /** The assessment's pair mode (decision 027): interviewers may edit with a pair token. */
  pairMode: boolean;
}

/** Reads one interview session; null when it does not exist. */
export async function findSession(db: Database, sessionId: string): Promise<SessionRecord | null> {
  const [row] = await db
    .select({
      id: interviewSessions.id,
      organizationId: interviewSessions.organizationId,
      candidateId: interviewSessions.candidateId,
      status: interviewSessions.status,
      pairMode: assessments.pairMode,
    })
    .from(interviewSessions)
    .innerJoin(candidates, eq(candidates.id, interviewSessions.candidateId))
    .innerJoin(assessments, eq(assessments.id, candidates.assessmentId))
    .where(eq(interviewSessions.id, sessionId));
  return row ?? null;
}
