import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { assessmentProblems, problems, sessionProblems } from '../../db/schema/index.ts';
import { problemFolder } from '../../protocol/problem-sequence.ts';

export type ProblemRow = typeof problems.$inferSelect;

/** One problem of a session: its place, its folder and the problem itself. */
export interface SessionProblem {
  position: number;
  folder: string;
  openedAt: Date | null;
  submittedAt: Date | null;
  problem: ProblemRow;
}

/**
 * The problems a new session gets, in the assessment's order. A candidate's
 * own variant replaces the first problem (it is a variant of that one).
 */
export async function plannedProblems(
  db: Database,
  assessmentId: string,
  variantProblemId: string | null,
): Promise<Array<{ position: number; folder: string; problem: ProblemRow }>> {
  const rows = await db
    .select({ problem: problems })
    .from(assessmentProblems)
    .innerJoin(problems, eq(problems.id, assessmentProblems.problemId))
    .where(eq(assessmentProblems.assessmentId, assessmentId))
    .orderBy(asc(assessmentProblems.position));
  const list = rows.map((row) => row.problem);
  if (variantProblemId) {
    const [variant] = await db.select().from(problems).where(eq(problems.id, variantProblemId));
    if (variant) list.splice(0, 1, variant);
  }
  return list.map((problem, position) => ({
    position,
    folder: problemFolder(position, problem.title, list.length),
    problem,
  }));
}

/**
 * A session's problems in order. A session started before several problems
 * existed has no rows: its one problem sits at the root, as it always did.
 */
export async function loadSessionProblems(
  db: Database,
  session: { id: string; problemId: string; startedAt: Date },
): Promise<SessionProblem[]> {
  const rows = await db
    .select({
      position: sessionProblems.position,
      folder: sessionProblems.folder,
      openedAt: sessionProblems.openedAt,
      submittedAt: sessionProblems.submittedAt,
      problem: problems,
    })
    .from(sessionProblems)
    .innerJoin(problems, eq(problems.id, sessionProblems.problemId))
    .where(eq(sessionProblems.sessionId, session.id))
    .orderBy(asc(sessionProblems.position));
  if (rows.length > 0) return rows;
  const [problem] = await db.select().from(problems).where(eq(problems.id, session.problemId));
  return problem
    ? [{ position: 0, folder: '', openedAt: session.startedAt, submittedAt: null, problem }]
    : [];
}

/** Records a new session's problems; the first is open from the start. */
export async function insertSessionProblems(
  db: Database,
  sessionId: string,
  planned: Array<{ position: number; folder: string; problem: ProblemRow }>,
  startedAt: Date,
): Promise<void> {
  if (planned.length === 0) return;
  await db
    .insert(sessionProblems)
    .values(
      planned.map((entry) => ({
        sessionId,
        position: entry.position,
        problemId: entry.problem.id,
        folder: entry.folder,
        openedAt: entry.position === 0 ? startedAt : null,
      })),
    )
    .onConflictDoNothing();
}

/** Marks a problem opened (first time only) or done. */
export async function markSessionProblem(
  db: Database,
  sessionId: string,
  position: number,
  field: 'openedAt' | 'submittedAt',
  at: Date,
): Promise<void> {
  const column = field === 'openedAt' ? sessionProblems.openedAt : sessionProblems.submittedAt;
  const [row] = await db
    .select({ value: column })
    .from(sessionProblems)
    .where(and(eq(sessionProblems.sessionId, sessionId), eq(sessionProblems.position, position)));
  if (!row || row.value) return;
  await db
    .update(sessionProblems)
    .set({ [field]: at })
    .where(and(eq(sessionProblems.sessionId, sessionId), eq(sessionProblems.position, position)));
}
