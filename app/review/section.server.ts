import type { AppLoadContext } from '@remix-run/node';
import { and, asc, eq } from 'drizzle-orm';
import { aiReviewScores, aiReviews, users } from '../../db/schema/index.ts';
import { costRates } from '../costs/costs.server.ts';
import { priceInterview } from '../costs/pricing.ts';
import { weightedScore } from './rubric.ts';
import type { ReviewSectionData } from './section-data.ts';

/** What the candidate page's review section shows (JSON-safe). */
export async function loadReviewSection(
  context: AppLoadContext,
  organizationId: string,
  candidateId: string,
): Promise<ReviewSectionData> {
  const db = context.services.database.db;
  const enabled = Boolean(context.services.config.ANTHROPIC_API_KEY);
  const [review] = await db
    .select()
    .from(aiReviews)
    .where(
      and(eq(aiReviews.candidateId, candidateId), eq(aiReviews.organizationId, organizationId)),
    );
  if (!review) return { enabled, status: 'none' };
  const base = { enabled, attempts: review.attempts, error: review.error };
  if (review.status !== 'done') {
    return { ...base, status: review.status as 'queued' | 'running' | 'failed' };
  }
  const rows = await db
    .select({ score: aiReviewScores, decidedByName: users.name })
    .from(aiReviewScores)
    .leftJoin(users, eq(users.id, aiReviewScores.decidedBy))
    .where(eq(aiReviewScores.reviewId, review.id))
    .orderBy(asc(aiReviewScores.position));
  const tokens = { inputTokens: review.inputTokens, outputTokens: review.outputTokens };
  const cost = priceInterview(
    { tokens: [{ model: review.model ?? '', ...tokens }], sandboxSeconds: 0, archiveBytes: 0 },
    costRates(context),
  ).ai;
  const rubric = (review.rubric ?? []).map((d) => ({
    key: d.key,
    label: d.label,
    guidance: d.guidance,
    weight: d.weight ?? 1,
  }));
  const dimensions = rows.map(({ score, decidedByName }) => ({
    key: score.dimension,
    label: score.label,
    modelScore: score.modelScore,
    reasoning: score.reasoning,
    citations: score.citations,
    dropped: score.droppedCitations,
    support: score.support as 'supported' | 'less-supported' | 'unsupported',
    decision: score.decision as 'pending' | 'accepted' | 'changed' | 'rejected',
    finalScore: score.finalScore,
    note: score.decisionNote,
    decidedBy: decidedByName,
    decidedAt: score.decidedAt?.toISOString() ?? null,
  }));
  return {
    ...base,
    status: 'done',
    summary: review.summary ?? '',
    model: review.model ?? '',
    ...tokens,
    costUsd: cost,
    latencyMs: review.latencyMs,
    completedAt: review.completedAt?.toISOString() ?? null,
    rubric,
    weightedScore: weightedScore(rubric, dimensions),
    dimensions,
  };
}
