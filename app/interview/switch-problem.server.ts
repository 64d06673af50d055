import type { AppLoadContext } from '@remix-run/node';
import { and, eq, inArray } from 'drizzle-orm';
import { interviewSessions, sessionEvents } from '../../db/schema/index.ts';
import { previousFolderOf } from '../../protocol/language-versions.ts';
import {
  PROBLEM_SWITCHED,
  type ProblemSwitchedData,
  type ProblemSwitchReason,
} from '../../protocol/problem-sequence.ts';
import type { StartedInterview } from './candidate-session.server.ts';
import {
  ProblemFolderError,
  problemFolderFiles,
  writeProblemFolders,
} from './problem-folders.server.ts';
import { markSessionProblem } from './session-problems.server.ts';

export type SwitchOutcome =
  | { kind: 'switched'; current: number; event: ProblemSwitchedData | null }
  | { kind: 'error'; status: number; code: string; message: string };

/**
 * Moves the candidate to another problem of their session (decision 021).
 * `submitted`: the current problem is marked done and the next one opens
 * (the last one stays current). Records a `problem_switched` event, which the
 * replay shows on its timeline and the live room can push.
 *
 * Decision 027: a problem's files join the live document the first time the
 * candidate reaches it, and "done" locks the finished problem's folder (the
 * collab-server refuses changes to it from then on). The document is changed
 * before the database, so a candidate never stands on a problem whose files
 * are missing.
 */
export async function switchProblem(
  context: AppLoadContext,
  interview: StartedInterview,
  request: { to?: number; reason: ProblemSwitchReason },
): Promise<SwitchOutcome> {
  const db = context.services.database.db;
  const { session, sessionProblems } = interview;
  const from = session.currentProblem;
  const now = new Date();
  const to =
    request.reason === 'submitted' ? Math.min(from + 1, sessionProblems.length - 1) : request.to;
  const target = sessionProblems.find((entry) => entry.position === to);
  if (to === undefined || !target) {
    return {
      kind: 'error',
      status: 400,
      code: 'NO_SUCH_PROBLEM',
      message: `Choose a problem between 1 and ${sessionProblems.length}.`,
    };
  }
  const finished =
    request.reason === 'submitted'
      ? sessionProblems.find((entry) => entry.position === from)
      : undefined;
  const seed = target.openedAt ? [] : problemFolderFiles(target, session.language);
  // A finished problem's folder; a problem reached now gets its previous/ reserved (decision 023).
  const locks = [
    ...(finished?.folder ? [finished.folder] : []),
    ...(seed.length > 0 ? [previousFolderOf(target.folder)] : []),
  ];
  try {
    await writeProblemFolders(
      context,
      { sessionId: session.id, organizationId: session.organizationId },
      { seed, locks },
    );
  } catch (error) {
    if (!(error instanceof ProblemFolderError)) throw error;
    return { kind: 'error', status: 503, code: error.code, message: error.message };
  }
  if (request.reason === 'submitted')
    await markSessionProblem(db, session.id, from, 'submittedAt', now);
  if (to === from) return { kind: 'switched', current: from, event: null };
  // Only an open session moves; the status check and the write are one statement.
  const [moved] = await db
    .update(interviewSessions)
    .set({ currentProblem: to })
    .where(
      and(
        eq(interviewSessions.id, session.id),
        inArray(interviewSessions.status, ['ACTIVE', 'PAUSED']),
      ),
    )
    .returning({ id: interviewSessions.id });
  if (!moved) {
    return {
      kind: 'error',
      status: 409,
      code: 'SESSION_CLOSED',
      message: 'This interview has ended.',
    };
  }
  await markSessionProblem(db, session.id, to, 'openedAt', now);
  const event: ProblemSwitchedData = {
    from,
    to,
    problemId: target.problem.id,
    title: target.problem.title,
    reason: request.reason,
  };
  await db.insert(sessionEvents).values({
    sessionId: session.id,
    at: now,
    type: PROBLEM_SWITCHED,
    source: 'server',
    data: { ...event },
  });
  return { kind: 'switched', current: to, event };
}
