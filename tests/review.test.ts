import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidateCost } from '../app/costs/costs.server.ts';
import type { EvidenceInstant } from '../app/review/evidence.ts';
import { queueReview } from '../app/review/jobs.server.ts';
import { REVIEW_TOOL } from '../app/review/prompt.ts';
import { aiInteractions, aiReviewScores, aiReviews, auditLog } from '../db/schema/index.ts';
import { readSse } from './support/candidate.ts';
import type { RecordedRequest } from './support/fake-anthropic.ts';
import { signedInClient } from './support/fixtures.ts';
import {
  DEMO_CANDIDATE,
  MAP_LINE,
  scriptedReview,
  submitSignedSolution,
} from './support/review.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

/**
 * The AI review end to end, with the local Anthropic stand-in: queued on
 * submission, run by the app's worker (ticked by the test: the poll interval
 * is set out of the way), citations checked, identity redacted, the
 * reviewer's decisions audited, the tokens in the interview's cost.
 */

const isReview = (r: RecordedRequest) => r.body.tools?.some((t) => t.name === REVIEW_TOOL);

let stack: TestStack;
let interview: Awaited<ReturnType<typeof submitSignedSolution>>['interview'];
beforeAll(async () => {
  stack = await startTestStack({ assistant: true, env: { REVIEW_POLL_MS: '600000' } });
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

const reviewRow = async () => {
  const [row] = await stack.database.db
    .select()
    .from(aiReviews)
    .where(eq(aiReviews.candidateId, interview.candidateId));
  return row;
};

describe('the AI review of a submitted interview', () => {
  let instants: EvidenceInstant[] = [];

  it('is queued once when the interview is submitted', async () => {
    const submitted = await submitSignedSolution(stack, async (started) => {
      expect(started.candidate.name).toBe(DEMO_CANDIDATE.name);
      stack.anthropic!.script({ text: ['Use a hash map.'] });
      const chat = await started.browser.postJson(`/api/interview/${started.candidateId}/chat`, {
        message: `Hi, I am ${DEMO_CANDIDATE.name} (${DEMO_CANDIDATE.email}). How do I find two numbers that add up?`,
      });
      await readSse(chat);
    });
    interview = submitted.interview;
    instants = submitted.instants;
    const row = await reviewRow();
    expect(row).toMatchObject({ status: 'queued', attempts: 0, sessionId: interview.session.id });
    // Queueing again (a second finish of the same session) adds nothing.
    await queueReview(stack.database.db, {
      sessionId: interview.session.id,
      candidateId: interview.candidateId,
      organizationId: row!.organizationId,
      problemId: null,
    });
    const all = await stack.database.db
      .select()
      .from(aiReviews)
      .where(eq(aiReviews.sessionId, interview.session.id));
    expect(all).toHaveLength(1);
  });

  it('is retried when the model answers without a review, then stored with checked citations', async () => {
    const anthropic = stack.anthropic!;
    const submitted = instants.find((i) => i.label === 'Code at submission')!;
    const mapLine = MAP_LINE;
    expect(submitted.files?.find((f) => f.path === 'solution.ts')?.text).toContain(mapLine);
    anthropic.script({ text: ['I would rather chat.'] }, scriptedReview(instants));
    const before = anthropic.requests.length;
    await stack.tandem.app.reviews.tick();
    expect(await reviewRow()).toMatchObject({
      status: 'queued',
      attempts: 1,
      error: 'The model did not record a review.',
      inputTokens: 100,
      outputTokens: 20,
    });
    // The retry waits; make it due now rather than sleeping.
    await stack.database.db
      .update(aiReviews)
      .set({ nextAttemptAt: new Date() })
      .where(eq(aiReviews.candidateId, interview.candidateId));
    const started = performance.now();
    // Two passes at once: one claims the review, the other finds nothing to do.
    await Promise.all([stack.tandem.app.reviews.tick(), stack.tandem.app.reviews.tick()]);
    const latencyMs = performance.now() - started;
    await stack.tandem.app.reviews.tick();
    const reviewRequests = anthropic.requests.slice(before).filter(isReview);
    expect(reviewRequests).toHaveLength(2);

    const row = await reviewRow();
    expect(row).toMatchObject({
      status: 'done',
      attempts: 2,
      error: null,
      inputTokens: 12_100,
      outputTokens: 920,
      summary: 'Solved Two Sum with a hash map after asking the AI.',
    });
    const scores = await stack.database.db
      .select()
      .from(aiReviewScores)
      .where(eq(aiReviewScores.reviewId, row!.id))
      .orderBy(aiReviewScores.position);
    expect(scores.map((s) => [s.dimension, s.modelScore, s.support])).toEqual([
      ['problem_solving', 4, 'less-supported'],
      ['code_quality', 4, 'supported'],
      ['testing', 2, 'unsupported'],
      ['communication', 3, 'supported'],
      ['use_of_ai', 3, 'unsupported'],
    ]);
    expect(scores[0]!.citations).toEqual([{ t: submitted.t, quote: mapLine, path: 'solution.ts' }]);
    expect(scores[0]!.droppedCitations[0]!.reason).toMatch(/^no instant/);
    expect(scores[2]!.droppedCitations[0]!.reason).toBe(
      'the replay does not show the quote at that instant',
    );

    // Measured: the review's latency and cost per interview with the stand-in's token counts.
    const context = { services: stack.tandem.app.services } as never;
    const cost = await candidateCost(context, interview.candidateId);
    const chatTurns = await stack.database.db
      .select()
      .from(aiInteractions)
      .where(eq(aiInteractions.sessionId, interview.session.id));
    const chatCost = chatTurns.reduce(
      (s, t) => s + (t.inputTokens * 3 + t.outputTokens * 15) / 1e6,
      0,
    );
    const reviewCost = (12_100 * 3 + 920 * 15) / 1e6;
    expect(cost.ai).toBeCloseTo(chatCost + reviewCost, 8);
    console.log(
      `[review] latency ${latencyMs.toFixed(0)} ms for one review pass (model call ${row!.latencyMs} ms against the local stand-in); ` +
        `${row!.inputTokens} input + ${row!.outputTokens} output tokens = $${reviewCost.toFixed(4)} per interview at claude-sonnet-5-5 prices ` +
        `(${instants.length} evidence instants, request ${JSON.stringify(reviewRequests[1]!.body).length} bytes)`,
    );
  });

  it('never sends the candidate’s name or e-mail to the model, not even typed into code or chat', () => {
    const bodies = stack.anthropic!.requests.filter(isReview).map((r) => JSON.stringify(r.body));
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) {
      expect(body).not.toMatch(/\bada\b|lovelace|candidate\.local/i);
      expect(body).toContain('// Solution by [candidate]');
      expect(body).toContain('Hi, I am [candidate] ([email])');
      expect(body).not.toContain(interview.candidateId);
    }
  });

  it('lets a reviewer accept, change or reject each score; the final score is theirs and audited', async () => {
    const client = await signedInClient(
      stack.baseUrl,
      stack.demo.interviewerEmail,
      stack.demo.password,
    );
    const path = `/api/candidates/${interview.candidateId}/review`;
    const bad = await client.postJson(path, { dimension: 'testing', action: 'change', score: 9 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('BAD_DECISION');
    const unknown = await client.postJson(path, { dimension: 'speed', action: 'accept' });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('DIMENSION_NOT_FOUND');

    expect(
      (await client.postJson(path, { dimension: 'code_quality', action: 'accept' })).status,
    ).toBe(200);
    expect(
      (
        await client.postJson(path, {
          dimension: 'testing',
          action: 'change',
          score: 1.5,
          note: 'No tests were added at all.',
        })
      ).status,
    ).toBe(200);
    const rejected = await client.postForm(path, { dimension: 'use_of_ai', action: 'reject' });
    expect(rejected.status).toBe(200);
    const section = await rejected.json();
    const byKey = Object.fromEntries(
      section.dimensions.map((d: { key: string }) => [d.key, d]),
    ) as Record<string, { decision: string; finalScore: number | null; decidedBy: string }>;
    expect(byKey.code_quality).toMatchObject({ decision: 'accepted', finalScore: 4 });
    expect(byKey.testing).toMatchObject({ decision: 'changed', finalScore: 1.5 });
    expect(byKey.use_of_ai).toMatchObject({ decision: 'rejected', finalScore: null });
    expect(byKey.problem_solving).toMatchObject({ decision: 'pending', finalScore: null });

    const audit = await stack.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, 'ai_review_score')))
      .orderBy(auditLog.createdAt);
    expect(audit.map((a) => a.action)).toEqual([
      'review.score.accepted',
      'review.score.changed',
      'review.score.rejected',
    ]);
    expect(audit[1]!.data).toMatchObject({
      dimension: 'testing',
      modelScore: 2,
      before: { decision: 'pending', finalScore: null },
      after: { decision: 'changed', finalScore: 1.5 },
      note: 'No tests were added at all.',
    });

    const page = await client.request(`/candidates/${interview.candidateId}`);
    const html = await page.text();
    expect(html).toContain('AI review');
    expect(html).toContain(`/candidates/${interview.candidateId}/replay?t=`);
  });
});
