import type { AppLoadContext } from '@remix-run/node';
import { and, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { aiReviewScores, aiReviews } from '../../db/schema/index.ts';
import { createAnthropicClient } from '../ai/chat.server.ts';
import { type PeriodicPass, startPeriodicPass } from '../utils/periodic-pass.ts';
import { ReviewError } from './review-model.server.ts';
import { type ReviewOutcome, reviewInterview } from './run-review.server.ts';

/** Attempts before a review is marked failed. */
export const MAX_REVIEW_ATTEMPTS = 4;
/** How long a claimed review belongs to its worker; after that another may take it over. */
export const REVIEW_LEASE_MS = 5 * 60_000;
/** Wait before attempt n+1: 10 s, 40 s, 160 s. */
export const retryDelayMs = (attempts: number) => 10_000 * 4 ** (attempts - 1);

/**
 * Queues the review of a submitted interview; a second call for the same
 * session does nothing. Takes the database or a transaction (submission
 * queues it with the candidate's result, in one).
 */
export async function queueReview(
  db: Pick<Database, 'insert'>,
  job: { sessionId: string; candidateId: string; organizationId: string; problemId: string | null },
): Promise<void> {
  await db.insert(aiReviews).values(job).onConflictDoNothing({ target: aiReviews.sessionId });
}

/** One pass claims due reviews and runs them (tests call `tick` directly). */
export type ReviewWorker = PeriodicPass;

/**
 * Runs queued reviews in the app, like the deadline watcher: several app
 * instances may run it. A review is claimed by one conditional update (a
 * lease), and its result is written only if the claim is still the one that
 * holds it (same attempt number), in one transaction with the scores — so a
 * review is stored exactly once even when a slow worker's lease ran out and
 * another took over. Without an API key nothing runs; the jobs wait.
 */
export function startReviewWorker(context: AppLoadContext, intervalMs: number): ReviewWorker {
  const { logger, config } = context.services;
  const db = context.services.database.db;

  const runOne = async (id: string) => {
    const now = new Date();
    const [claimed] = await db
      .update(aiReviews)
      .set({
        status: 'running',
        attempts: sql`${aiReviews.attempts} + 1`,
        leaseUntil: new Date(now.getTime() + REVIEW_LEASE_MS),
      })
      .where(and(eq(aiReviews.id, id), dueCondition(now)))
      .returning();
    if (!claimed) return;
    const client = createAnthropicClient(context);
    if (!client) return;
    try {
      const outcome = await reviewInterview(db, client, config.ANTHROPIC_MODEL, claimed);
      if (!(await storeOutcome(db, claimed.id, claimed.attempts, outcome))) {
        logger.info(
          { reviewId: id, attempt: claimed.attempts },
          'AI review taken over by another worker; this result is not stored',
        );
      }
    } catch (error) {
      const usage = error instanceof ReviewError ? error.usage : null;
      const message = error instanceof Error ? error.message : String(error);
      const final = claimed.attempts >= MAX_REVIEW_ATTEMPTS;
      logger.warn({ reviewId: id, attempt: claimed.attempts, err: error }, 'AI review failed');
      const [still] = await db
        .update(aiReviews)
        .set({
          status: final ? 'failed' : 'queued',
          error: message.slice(0, 1000),
          leaseUntil: null,
          nextAttemptAt: new Date(Date.now() + retryDelayMs(claimed.attempts)),
          inputTokens: sql`${aiReviews.inputTokens} + ${usage?.inputTokens ?? 0}`,
          outputTokens: sql`${aiReviews.outputTokens} + ${usage?.outputTokens ?? 0}`,
          ...(usage ? { model: usage.model } : {}),
        })
        .where(and(eq(aiReviews.id, id), eq(aiReviews.attempts, claimed.attempts)))
        .returning({ id: aiReviews.id });
      // Taken over meanwhile: the review is not ours to requeue, but the tokens were spent.
      if (!still && usage) {
        await db
          .update(aiReviews)
          .set({
            inputTokens: sql`${aiReviews.inputTokens} + ${usage.inputTokens}`,
            outputTokens: sql`${aiReviews.outputTokens} + ${usage.outputTokens}`,
          })
          .where(eq(aiReviews.id, id));
      }
    }
  };

  const pass = async () => {
    if (!config.ANTHROPIC_API_KEY) return;
    const due = await db
      .select({ id: aiReviews.id })
      .from(aiReviews)
      .where(dueCondition(new Date()))
      .orderBy(aiReviews.nextAttemptAt)
      .limit(3);
    for (const { id } of due) await runOne(id);
  };

  return startPeriodicPass(pass, intervalMs, logger, 'review worker pass failed');
}

/** Queued and due, or running under a lease that ran out. */
function dueCondition(now: Date) {
  return or(
    and(eq(aiReviews.status, 'queued'), lte(aiReviews.nextAttemptAt, now)),
    and(eq(aiReviews.status, 'running'), lte(aiReviews.leaseUntil, now)),
  );
}

/** Stores a review's result if `attempt` still holds it; false when another worker took it over. */
async function storeOutcome(
  db: Database,
  id: string,
  attempt: number,
  outcome: ReviewOutcome,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [won] = await tx
      .update(aiReviews)
      .set({
        status: 'done',
        error: null,
        leaseUntil: null,
        model: outcome.usage.model,
        inputTokens: sql`${aiReviews.inputTokens} + ${outcome.usage.inputTokens}`,
        outputTokens: sql`${aiReviews.outputTokens} + ${outcome.usage.outputTokens}`,
        latencyMs: outcome.usage.latencyMs,
        summary: outcome.summary,
        rubric: outcome.rubric,
        completedAt: new Date(),
      })
      .where(
        and(
          eq(aiReviews.id, id),
          eq(aiReviews.attempts, attempt),
          inArray(aiReviews.status, ['running']),
        ),
      )
      .returning({ id: aiReviews.id });
    if (!won) {
      // Another worker took the review over: its result, not ours. The tokens
      // of this answer were spent all the same, so they count in the cost.
      await tx
        .update(aiReviews)
        .set({
          inputTokens: sql`${aiReviews.inputTokens} + ${outcome.usage.inputTokens}`,
          outputTokens: sql`${aiReviews.outputTokens} + ${outcome.usage.outputTokens}`,
        })
        .where(eq(aiReviews.id, id));
      return false;
    }
    await tx.insert(aiReviewScores).values(
      outcome.dimensions.map((d) => ({
        reviewId: id,
        dimension: d.key,
        label: d.label,
        position: d.position,
        modelScore: d.score,
        reasoning: d.reasoning,
        citations: d.citations,
        droppedCitations: d.dropped,
        support: d.support,
      })),
    );
    return true;
  });
}
