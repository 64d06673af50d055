import type { AppLoadContext } from '@remix-run/node';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  queueReview,
  REVIEW_LEASE_MS,
  type ReviewWorker,
  startReviewWorker,
} from '../app/review/jobs.server.ts';
import { REVIEW_TOOL } from '../app/review/prompt.ts';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';
import { aiReviewScores, aiReviews } from '../db/schema/index.ts';
import { eventually } from './support/collab-client.ts';
import type { RecordedRequest, ScriptedReply } from './support/fake-anthropic.ts';
import { scriptedReview, submitSignedSolution } from './support/review.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

/**
 * Two review workers on one Postgres database, each with its own connection
 * pool (as two app instances would be). The first claims a review and its
 * model call hangs — the worker is as good as dead; when its lease has run
 * out the second takes the review over and stores it; the first worker's late
 * answer (a result, or a failure) is refused by the attempt number it holds.
 * The tokens it spent still count in the interview's cost.
 */

const isReview = (r: RecordedRequest) => r.body.tools?.some((t) => t.name === REVIEW_TOOL);

let stack: TestStack;
let second: DatabaseHandle;
let stale: ReviewWorker;
let fresh: ReviewWorker;

beforeAll(async () => {
  if (!process.env.TEST_DATABASE_URL) {
    throw new Error('This test needs a real Postgres database: set TEST_DATABASE_URL.');
  }
  stack = await startTestStack({
    kind: 'postgres',
    assistant: true,
    env: { REVIEW_POLL_MS: '600000' },
  });
  // The stale worker is the app's own; the other runs on a second pool, like another instance.
  stale = stack.tandem.app.reviews;
  second = await openDatabase({ url: stack.database.url!, maxConnections: 2, migrate: false });
  const services = stack.tandem.app.services;
  fresh = startReviewWorker(
    { services: { ...services, database: second } } as unknown as AppLoadContext,
    600_000,
  );
}, 60_000);
afterAll(async () => {
  await fresh?.stop();
  await second?.close();
  await stack?.close();
});

/** Makes the lease of a running review run out, as time would (5 minutes are not waited). */
async function expireLease(candidateId: string) {
  await stack.database.db
    .update(aiReviews)
    .set({ leaseUntil: new Date(Date.now() - 1000) })
    .where(eq(aiReviews.candidateId, candidateId));
}

async function reviewOf(candidateId: string) {
  const [row] = await stack.database.db
    .select()
    .from(aiReviews)
    .where(eq(aiReviews.candidateId, candidateId));
  return row!;
}

/** A scripted review whose summary names who wrote it. */
function reviewBy(
  instants: Parameters<typeof scriptedReview>[0],
  author: string,
  extra: Partial<ScriptedReply> = {},
): ScriptedReply {
  const reply = scriptedReview(instants);
  return {
    ...reply,
    toolUse: {
      name: REVIEW_TOOL,
      input: { ...reply.toolUse!.input, summary: `Written by the ${author} worker.` },
    },
    ...extra,
  };
}

describe('a review whose worker died', { timeout: 120_000 }, () => {
  let submitted: Awaited<ReturnType<typeof submitSignedSolution>>;
  it('is taken over once the lease ran out, and the stale worker’s late result is refused', async () => {
    submitted = await submitSignedSolution(stack);
    const { interview, instants } = submitted;
    const anthropic = stack.anthropic!;
    const gate = () => {
      let open!: () => void;
      const closed = new Promise<void>((resolve) => {
        open = resolve;
      });
      return { closed, open };
    };
    const staleCall = gate();
    const freshCall = gate();
    anthropic.script(
      reviewBy(instants, 'stale', { hold: staleCall.closed, inputTokens: 7000, outputTokens: 700 }),
      reviewBy(instants, 'fresh', { hold: freshCall.closed, inputTokens: 5000, outputTokens: 500 }),
    );
    const reviewCalls = () => anthropic.requests.filter(isReview).length;
    const before = reviewCalls();

    const staleRun = stale.tick();
    await eventually(() => reviewCalls() === before + 1, 'the stale worker called the model');
    const claimed = await reviewOf(interview.candidateId);
    expect(claimed).toMatchObject({ status: 'running', attempts: 1 });
    expect(claimed.leaseUntil!.getTime()).toBeGreaterThan(Date.now() + REVIEW_LEASE_MS / 2);

    // While the lease holds, the other worker leaves the review alone.
    await fresh.tick();
    expect(reviewCalls()).toBe(before + 1);
    expect(await reviewOf(interview.candidateId)).toMatchObject({ status: 'running', attempts: 1 });

    // The lease runs out: the other worker takes the review over (attempt 2).
    await expireLease(interview.candidateId);
    const freshRun = fresh.tick();
    await eventually(() => reviewCalls() === before + 2, 'the fresh worker called the model');
    expect(await reviewOf(interview.candidateId)).toMatchObject({ status: 'running', attempts: 2 });

    // The stale worker's answer comes back first, while the review is still
    // running: only the attempt number tells it apart, and its write is refused.
    staleCall.open();
    await staleRun;
    const meanwhile = await reviewOf(interview.candidateId);
    expect(meanwhile).toMatchObject({
      status: 'running',
      attempts: 2,
      summary: null,
      completedAt: null,
      // Its tokens were spent all the same.
      inputTokens: 7000,
      outputTokens: 700,
    });
    const noScores = await stack.database.db
      .select()
      .from(aiReviewScores)
      .where(eq(aiReviewScores.reviewId, meanwhile.id));
    expect(noScores).toEqual([]);

    freshCall.open();
    await freshRun;
    const done = await reviewOf(interview.candidateId);
    expect(done).toMatchObject({
      status: 'done',
      attempts: 2,
      summary: 'Written by the fresh worker.',
      inputTokens: 12_000,
      outputTokens: 1200,
    });
    const scores = await stack.database.db
      .select()
      .from(aiReviewScores)
      .where(eq(aiReviewScores.reviewId, done.id));
    expect(scores).toHaveLength(5);
  });

  it('does not requeue a review another worker took over when the stale one fails late', async () => {
    // The same interview reviewed afresh (the demo candidate can start only once).
    const { interview, instants } = submitted;
    const old = await reviewOf(interview.candidateId);
    await stack.database.db.delete(aiReviews).where(eq(aiReviews.id, old.id));
    await queueReview(stack.database.db, {
      sessionId: old.sessionId,
      candidateId: old.candidateId,
      organizationId: old.organizationId,
      problemId: old.problemId,
    });
    expect(await reviewOf(interview.candidateId)).toMatchObject({ status: 'queued', attempts: 0 });
    const anthropic = stack.anthropic!;
    let release!: () => void;
    const hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The stale worker's call ends without a review (a failure), after the takeover.
    anthropic.script(
      { text: ['No review from me.'], hold, inputTokens: 300, outputTokens: 30 },
      reviewBy(instants, 'fresh', { inputTokens: 5000, outputTokens: 500 }),
    );
    const before = anthropic.requests.length;
    const staleRun = stale.tick();
    await eventually(() => anthropic.requests.length === before + 1, 'the stale worker called');
    await expireLease(interview.candidateId);
    await fresh.tick();
    expect(await reviewOf(interview.candidateId)).toMatchObject({ status: 'done', attempts: 2 });
    release();
    await staleRun;
    expect(await reviewOf(interview.candidateId)).toMatchObject({
      status: 'done',
      attempts: 2,
      error: null,
      summary: 'Written by the fresh worker.',
      inputTokens: 5300,
      outputTokens: 530,
    });
  });
});
