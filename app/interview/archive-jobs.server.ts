import type { AppLoadContext } from '@remix-run/node';
import { and, eq, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { archiveJobs } from '../../db/schema/index.ts';
import type { SubmissionSteps } from './submit.server.ts';

/** Attempts at archiving a submitted workspace before the job is marked failed. */
export const MAX_ARCHIVE_ATTEMPTS = 5;
/** How long a claimed archive belongs to its worker (a large workspace takes a while). */
export const ARCHIVE_LEASE_MS = 10 * 60_000;
/** How long a queued archive is left to the submission that queued it before the watcher takes it. */
export const ARCHIVE_GRACE_MS = 60_000;
/** Wait before attempt n+1: 30 s, 2 min, 8 min, 32 min. */
export const archiveRetryDelayMs = (attempts: number) => 30_000 * 4 ** (attempts - 1);

/**
 * Records that a submitted session's workspace is owed an archive; a second
 * call for the session does nothing. Submission calls it inside the
 * transaction that marks the candidate COMPLETED.
 */
export async function queueArchive(
  tx: Pick<Database, 'insert'>,
  job: { sessionId: string; organizationId: string },
): Promise<void> {
  await tx
    .insert(archiveJobs)
    .values({ ...job, nextAttemptAt: new Date(Date.now() + ARCHIVE_GRACE_MS) })
    .onConflictDoNothing({ target: archiveJobs.sessionId });
}

export type ArchiveOutcome = 'done' | 'retry' | 'failed' | 'not-claimed';

/**
 * Archives the session now if its job is still queued (the submission that
 * queued it, right after its commit; the watcher may have taken it already).
 */
export function archiveQueued(
  context: AppLoadContext,
  steps: SubmissionSteps,
  sessionId: string,
): Promise<ArchiveOutcome> {
  return claimAndRun(
    context,
    steps,
    and(eq(archiveJobs.sessionId, sessionId), eq(archiveJobs.status, 'queued'))!,
  );
}

/**
 * Runs up to `limit` owed archives that are due at `now`: queued past their
 * backoff, or running under a lease that ran out (the worker died). Several
 * watchers may run it at once: each job is claimed by one conditional update.
 */
export async function archiveDue(
  context: AppLoadContext,
  steps: SubmissionSteps,
  limit: number,
  now = new Date(),
): Promise<ArchiveOutcome[]> {
  const db = context.services.database.db;
  const due = await db
    .select({ id: archiveJobs.id })
    .from(archiveJobs)
    .where(dueCondition(now))
    .orderBy(archiveJobs.nextAttemptAt)
    .limit(limit);
  const outcomes: ArchiveOutcome[] = [];
  for (const { id } of due) {
    outcomes.push(
      await claimAndRun(context, steps, and(eq(archiveJobs.id, id), dueCondition(now))!, now),
    );
  }
  return outcomes;
}

/** Queued and due, or running under a lease that ran out. */
function dueCondition(now: Date) {
  return or(
    and(eq(archiveJobs.status, 'queued'), lte(archiveJobs.nextAttemptAt, now)),
    and(eq(archiveJobs.status, 'running'), lte(archiveJobs.leaseUntil, now)),
  );
}

/**
 * Claims the job (a lease, one attempt more), archives, and records the
 * outcome only while the claim still holds (same attempt number). The
 * archive itself is idempotent (the bridge answers an archived session with
 * its archive), so a worker that died after archiving costs one more call.
 */
async function claimAndRun(
  context: AppLoadContext,
  steps: SubmissionSteps,
  condition: SQL,
  now = new Date(),
): Promise<ArchiveOutcome> {
  const db = context.services.database.db;
  const { logger } = context.services;
  const [claimed] = await db
    .update(archiveJobs)
    .set({
      status: 'running',
      attempts: sql`${archiveJobs.attempts} + 1`,
      leaseUntil: new Date(now.getTime() + ARCHIVE_LEASE_MS),
    })
    .where(condition)
    .returning();
  if (!claimed) return 'not-claimed';
  const ours = and(
    eq(archiveJobs.id, claimed.id),
    eq(archiveJobs.attempts, claimed.attempts),
    eq(archiveJobs.status, 'running'),
  );
  try {
    await steps.archive(context, { id: claimed.sessionId, organizationId: claimed.organizationId });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const final = claimed.attempts >= MAX_ARCHIVE_ATTEMPTS;
    const fields = { err: error, sessionId: claimed.sessionId, attempt: claimed.attempts };
    if (final) {
      logger.error(fields, `archiving the workspace failed ${claimed.attempts} times; giving up`);
    } else {
      logger.warn(fields, 'archiving the workspace failed; will retry');
    }
    await db
      .update(archiveJobs)
      .set({
        status: final ? 'failed' : 'queued',
        error: message.slice(0, 1000),
        leaseUntil: null,
        nextAttemptAt: new Date(now.getTime() + archiveRetryDelayMs(claimed.attempts)),
      })
      .where(ours);
    return final ? 'failed' : 'retry';
  }
  await db
    .update(archiveJobs)
    .set({ status: 'done', error: null, leaseUntil: null, completedAt: new Date() })
    .where(ours);
  return 'done';
}
