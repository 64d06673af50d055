import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  assessmentProblems,
  assessments,
  candidates,
  interviewSessions,
  organizations,
  problems,
} from '../../db/schema/index.ts';
import { loadSessionProblems, type SessionProblem } from './session-problems.server.ts';

/**
 * A candidate with their assessment, organization, session (if started), the
 * session's problems in order and the one the candidate is on (`problem`).
 */
export async function loadInterview(db: Database, candidateId: string) {
  const [row] = await db
    .select({
      candidate: candidates,
      assessment: assessments,
      organization: { id: organizations.id, name: organizations.name },
      session: interviewSessions,
    })
    .from(candidates)
    .innerJoin(assessments, eq(assessments.id, candidates.assessmentId))
    .innerJoin(organizations, eq(organizations.id, candidates.organizationId))
    .leftJoin(interviewSessions, eq(interviewSessions.candidateId, candidates.id))
    .where(eq(candidates.id, candidateId));
  if (!row) return null;
  if (row.session) {
    // Once started: the session's problems, and the one the candidate is on.
    const sessionProblems = await loadSessionProblems(db, row.session);
    const current =
      sessionProblems.find((entry) => entry.position === row.session!.currentProblem) ??
      sessionProblems[0] ??
      null;
    return { ...row, problem: current?.problem ?? null, current, sessionProblems };
  }
  // Before: the candidate's own variant if they have one, else the first problem.
  const problemId = row.candidate.problemId ?? (await firstProblemId(db, row.assessment.id));
  const [problem] = problemId
    ? await db.select().from(problems).where(eq(problems.id, problemId))
    : [];
  return {
    ...row,
    problem: problem ?? null,
    current: null as SessionProblem | null,
    sessionProblems: [] as SessionProblem[],
  };
}

export type Interview = NonNullable<Awaited<ReturnType<typeof loadInterview>>>;

/** The assessment's first problem (position order). */
export async function firstProblemId(db: Database, assessmentId: string): Promise<string | null> {
  const [row] = await db
    .select({ problemId: assessmentProblems.problemId })
    .from(assessmentProblems)
    .where(and(eq(assessmentProblems.assessmentId, assessmentId)))
    .orderBy(asc(assessmentProblems.position))
    .limit(1);
  return row?.problemId ?? null;
}

/** Seconds left before the deadline, never negative. */
export function secondsRemaining(deadlineAt: Date, now = Date.now()): number {
  return Math.max(0, Math.floor((deadlineAt.getTime() - now) / 1000));
}
