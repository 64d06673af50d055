import type { AppLoadContext } from '@remix-run/node';
import { and, eq, isNotNull, lt, lte, ne } from 'drizzle-orm';
import { runExclusively } from '../../db/job-lock.ts';
import { candidates, interviewSessions } from '../../db/schema/index.ts';
import { type PeriodicPass, startPeriodicPass } from '../utils/periodic-pass.ts';
import { archiveDue } from './archive-jobs.server.ts';
import { finishSession, type SubmissionSteps, submitInterview } from './submit.server.ts';

export type DeadlineWatcher = PeriodicPass;

/**
 * The server owns the deadline: every few seconds it submits sessions whose
 * time is up — whether or not a browser is open — finishes submissions that
 * died half-way, retries the archives and e-mails a submission queued but
 * did not finish, and marks unused invitations past their expiry EXPIRED.
 * Several app instances may run it: the submission claim is atomic, and
 * archives and queued e-mails are claimed under leases.
 */
export function startDeadlineWatcher(
  context: AppLoadContext,
  steps: SubmissionSteps,
  intervalMs = 2000,
  /** What time it is (tests move it forward past leases and backoff). */
  clock: () => Date = () => new Date(),
): DeadlineWatcher {
  const db = context.services.database.db;
  const { logger } = context.services;

  const pass = async () => {
    const now = clock();
    const due = await db
      .select({ candidateId: interviewSessions.candidateId })
      .from(interviewSessions)
      .where(
        and(
          // A PAUSED session's clock is stopped: its deadline moves when it resumes.
          eq(interviewSessions.status, 'ACTIVE'),
          lte(interviewSessions.deadlineAt, now),
        ),
      )
      .limit(20);
    for (const session of due) {
      await submitInterview(context, session.candidateId, 'timer', steps);
    }
    // A submission whose process died after the claim: the candidate is not COMPLETED yet.
    const stuck = await db
      .select({ session: interviewSessions })
      .from(interviewSessions)
      .innerJoin(candidates, eq(candidates.id, interviewSessions.candidateId))
      .where(
        and(
          eq(interviewSessions.status, 'COMPLETED'),
          ne(candidates.status, 'COMPLETED'),
          isNotNull(interviewSessions.endedAt),
          lt(interviewSessions.endedAt, new Date(now.getTime() - 60_000)),
        ),
      )
      .limit(5);
    for (const { session } of stuck) await finishSession(context, session, steps);
    // What a submission owed after its commit and did not do (its process
    // died, or the archive or the mail failed): a few per pass, each claimed
    // under a lease with backoff between attempts (archive-jobs.server.ts).
    await archiveDue(context, steps, 3, now);
    await context.services.mailer.deliverDue(10, now);
    await db
      .update(candidates)
      .set({ status: 'EXPIRED' })
      .where(and(eq(candidates.status, 'INVITED'), lt(candidates.inviteExpiresAt, now)));
  };

  // One pass at a time across app replicas (db/job-lock.ts, decision 024).
  return startPeriodicPass(
    () => runExclusively(db, 'deadline-watcher', pass),
    intervalMs,
    logger,
    'deadline watcher pass failed',
  );
}
