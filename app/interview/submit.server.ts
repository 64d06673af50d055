import type { AppLoadContext } from '@remix-run/node';
import { and, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import {
  candidates,
  codeSnapshots,
  interviewSessions,
  sessionEvents,
  testRuns,
} from '../../db/schema/index.ts';
import { languageForPath } from '../../protocol/problems.ts';
import { closeCandidateConnections } from '../collab/close-session.server.ts';
import { readSessionFiles } from '../collab/session-document.server.ts';
import { queueReview } from '../review/jobs.server.ts';
import { problemResults } from '../scoring/problem-results.ts';
import { computeScores, type FinalGrade, type Scores, sumGrades } from '../scoring/scores.ts';
import { archiveQueued, queueArchive } from './archive-jobs.server.ts';
import { announceRoomEvent } from './room.server.ts';
import { loadSessionProblems } from './session-problems.server.ts';
import { queueSubmissionEmails } from './submission-emails.server.ts';

export type SubmitReason = 'candidate' | 'timer' | 'admin';

export interface SubmissionOutcome {
  sessionId: string;
  status: 'COMPLETED';
  /** True when this call found the interview already submitted (double submit, timer race). */
  alreadySubmitted: boolean;
  scores: Scores | null;
}

/** What submission needs from other services; the defaults talk to the bridge. */
export interface SubmissionSteps {
  /** Final grading: visible + hidden tests against a copy of the workspace; null when it failed. */
  grade(
    context: AppLoadContext,
    session: { id: string; organizationId: string; problem: number },
  ): Promise<FinalGrade | null>;
  /** Archives the workspace and destroys the live sandbox. */
  archive(context: AppLoadContext, session: { id: string; organizationId: string }): Promise<void>;
  /** Characters of the final code from AI pastes, all characters, and shares per file. */
  provenance(
    context: AppLoadContext,
    sessionId: string,
    finalFiles: Record<string, string>,
  ): Promise<{ aiPasteChars: number; finalChars: number; files: unknown[] }>;
}

type SessionRow = typeof interviewSessions.$inferSelect;

const finishing = new Map<string, Promise<SubmissionOutcome>>();

/**
 * Submits an interview (seed 1.4). One conditional update claims the session,
 * so a double submit or a submit racing the timer produces exactly one result;
 * the losing callers wait for that result and return it.
 */
export async function submitInterview(
  context: AppLoadContext,
  candidateId: string,
  reason: SubmitReason,
  steps: SubmissionSteps,
): Promise<SubmissionOutcome | null> {
  const db = context.services.database.db;
  const [claimed] = await db
    .update(interviewSessions)
    // A session the timer ends ended at its deadline, even if the watcher comes late.
    .set({
      status: 'COMPLETED',
      endedAt: reason === 'timer' ? sql`least(now(), ${interviewSessions.deadlineAt})` : new Date(),
      endReason: reason,
    })
    .where(
      and(
        eq(interviewSessions.candidateId, candidateId),
        // The timer never ends a paused interview, nor one whose deadline moved.
        reason === 'timer'
          ? and(
              eq(interviewSessions.status, 'ACTIVE'),
              lte(interviewSessions.deadlineAt, sql`now()`),
            )
          : inArray(interviewSessions.status, ['ACTIVE', 'PAUSED']),
      ),
    )
    .returning();
  if (claimed) {
    // The room learns of the end now, not after grading.
    context.services.background.run('announce-end', () =>
      announceRoomEvent(context, claimed, reason === 'timer' ? 'time.up' : 'session.submitted', {
        reason,
      }),
    );
    return finishSession(context, claimed, steps);
  }

  const [session] = await db
    .select()
    .from(interviewSessions)
    .where(eq(interviewSessions.candidateId, candidateId));
  if (!session) return null;
  const running = finishing.get(session.id);
  if (running) return { ...(await running), alreadySubmitted: true };
  return { ...(await waitForScores(context, session)), alreadySubmitted: true };
}

/**
 * Everything after the claim. Safe to run again for a session whose first
 * attempt died half-way (the deadline watcher does): snapshots are written
 * once, and only the call that marks the candidate COMPLETED queues the
 * archive and the e-mails (in that transaction) and does them after the
 * commit; what a killed process left queued, the deadline watcher does.
 */
export function finishSession(
  context: AppLoadContext,
  session: SessionRow,
  steps: SubmissionSteps,
): Promise<SubmissionOutcome> {
  const existing = finishing.get(session.id);
  if (existing) return existing;
  const promise = runFinish(context, session, steps).finally(() => finishing.delete(session.id));
  finishing.set(session.id, promise);
  return promise;
}

async function runFinish(
  context: AppLoadContext,
  session: SessionRow,
  steps: SubmissionSteps,
): Promise<SubmissionOutcome> {
  const { logger } = context.services;
  const db = context.services.database.db;
  const ref = { sessionId: session.id, organizationId: session.organizationId };
  await closeCandidateConnections(context, ref);

  const { files } = await readSessionFiles(context, ref);
  const [snapshot] = await db
    .select({ id: codeSnapshots.id })
    .from(codeSnapshots)
    .where(and(eq(codeSnapshots.sessionId, session.id), eq(codeSnapshots.reason, 'submit')))
    .limit(1);
  if (!snapshot && Object.keys(files).length > 0) {
    await db.insert(codeSnapshots).values(
      await Promise.all(
        Object.entries(files).map(async ([path, content]) => ({
          sessionId: session.id,
          path,
          language: languageForPath(path),
          contentHash: await sha256(content),
          content,
          reason: 'submit',
        })),
      ),
    );
  }

  // Each problem is graded on its own (decision 021), one after the other: the
  // bridge runs one grading per session at a time.
  const sessionProblems = await loadSessionProblems(db, session);
  const grades: Array<FinalGrade | null> = [];
  for (const entry of sessionProblems) {
    grades.push(
      await steps
        .grade(context, {
          id: session.id,
          organizationId: session.organizationId,
          problem: entry.position,
        })
        .catch((error: unknown) => {
          logger.error(
            { err: error, sessionId: session.id, problem: entry.position },
            'final grading failed',
          );
          return null;
        }),
    );
  }
  const grade = sumGrades(grades);
  const runs = await db
    .select({
      kind: testRuns.kind,
      startedAt: testRuns.startedAt,
      passed: testRuns.passed,
      total: testRuns.total,
      problemPosition: testRuns.problemPosition,
    })
    .from(testRuns)
    .where(eq(testRuns.sessionId, session.id));
  const provenance = await steps.provenance(context, session.id, files).catch((error: unknown) => {
    logger.error({ err: error, sessionId: session.id }, 'provenance failed');
    return { aiPasteChars: 0, finalChars: 0, files: [] };
  });
  const endedAt = session.endedAt ?? new Date();
  const scores = computeScores({
    startedAt: session.startedAt,
    endedAt,
    runs: runs.map((run) => ({ ...run, kind: run.kind as 'visible' | 'final' | 'reference' })),
    grade,
    problemGrades: grades,
    aiPasteChars: provenance.aiPasteChars,
    finalChars: provenance.finalChars,
  });

  // The candidate's result, the submission event, the queued review, archive
  // and e-mails are one transaction: a process killed in between leaves
  // either none of them (the watcher's stuck pass finishes the session
  // again) or all of them.
  const mailKeys = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(candidates)
      .set({
        status: 'COMPLETED',
        completedAt: endedAt,
        overallScore: scores.overallScore,
        visiblePassRate: scores.visiblePassRate,
        hiddenPassRate: scores.hiddenPassRate,
        timeToFirstPassSeconds: scores.timeToFirstPassSeconds,
        testRunCount: scores.testRunCount,
        aiReliance: scores.aiReliance,
        // Time spent paused by the hiring team is not the candidate's.
        durationSeconds: Math.max(0, scores.durationSeconds - session.pausedSeconds),
        scoreDetails: {
          visiblePassed: grade?.visiblePassed ?? 0,
          visibleTotal: grade?.visibleTotal ?? 0,
          hiddenPassed: grade?.hiddenPassed ?? 0,
          hiddenTotal: grade?.hiddenTotal ?? 0,
          aiPasteChars: provenance.aiPasteChars,
          finalChars: provenance.finalChars,
          provenance: provenance.files,
          endReason: session.endReason,
          problems: problemResults(sessionProblems, grades, runs),
        },
      })
      .where(and(eq(candidates.id, session.candidateId), ne(candidates.status, 'COMPLETED')))
      .returning();
    if (!row) return null;
    await tx.insert(sessionEvents).values({
      sessionId: session.id,
      at: endedAt,
      type: 'session_submitted',
      data: { reason: session.endReason, overallScore: scores.overallScore },
    });
    await queueReview(tx, {
      sessionId: session.id,
      candidateId: session.candidateId,
      organizationId: session.organizationId,
      problemId: session.problemId,
    });
    // What the submission still owes after the commit is committed with it
    // (decision 016): a process killed before doing it leaves the archive
    // job and the queued e-mails for the deadline watcher, never nothing.
    await queueArchive(tx, { sessionId: session.id, organizationId: session.organizationId });
    return queueSubmissionEmails(context, tx, session.id, row, scores);
  });
  if (mailKeys) {
    await archiveQueued(context, steps, session.id).catch((error: unknown) => {
      logger.error({ err: error, sessionId: session.id }, 'archiving the workspace failed');
    });
    await context.services.mailer.deliverQueued(mailKeys).catch((error: unknown) => {
      logger.error({ err: error, sessionId: session.id }, 'submission e-mails failed');
    });
  }
  return { sessionId: session.id, status: 'COMPLETED', alreadySubmitted: !mailKeys, scores };
}

/** Waits (bounded) for another process to finish scoring a claimed session. */
async function waitForScores(
  context: AppLoadContext,
  session: SessionRow,
): Promise<SubmissionOutcome> {
  const db = context.services.database.db;
  for (let attempt = 0; attempt < 240; attempt++) {
    const [candidate] = await db
      .select()
      .from(candidates)
      .where(eq(candidates.id, session.candidateId));
    if (candidate?.status === 'COMPLETED') {
      return {
        sessionId: session.id,
        status: 'COMPLETED',
        alreadySubmitted: true,
        scores: {
          overallScore: candidate.overallScore,
          visiblePassRate: candidate.visiblePassRate,
          hiddenPassRate: candidate.hiddenPassRate,
          timeToFirstPassSeconds: candidate.timeToFirstPassSeconds,
          testRunCount: candidate.testRunCount ?? 0,
          aiReliance: candidate.aiReliance,
          durationSeconds: candidate.durationSeconds ?? 0,
        },
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { sessionId: session.id, status: 'COMPLETED', alreadySubmitted: true, scores: null };
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Buffer.from(digest).toString('hex');
}
