import type { AppLoadContext } from '@remix-run/node';
import { eq, sql } from 'drizzle-orm';
import { aiInteractions, aiReviews, interviewSessions } from '../../db/schema/index.ts';
import {
  type CostBreakdown,
  type CostRates,
  DEFAULT_AI_PRICING,
  priceInterview,
} from './pricing.ts';

/** The rates in force, from the configuration. */
export function costRates(context: AppLoadContext): CostRates {
  const { config } = context.services;
  return {
    aiPricing: { ...DEFAULT_AI_PRICING, ...config.AI_PRICING },
    sandboxPerMinute: config.SANDBOX_COST_PER_MINUTE,
    archivePerGbMonth: config.ARCHIVE_COST_PER_GB_MONTH,
    archiveMonths: config.ARCHIVE_RETENTION_DAYS / 30,
  };
}

/** Sandbox seconds: the session's live time (to now while it runs). */
const sandboxSeconds = sql<number>`coalesce(sum(extract(epoch from (coalesce(${interviewSessions.endedAt}, now()) - ${interviewSessions.startedAt}))), 0)::float8`;

/** Costs of the sessions matching `where`, as SQL aggregates (tokens by model, minutes, archive bytes). */
async function costOf(
  context: AppLoadContext,
  where: ReturnType<typeof eq>,
): Promise<CostBreakdown & { interviews: number }> {
  const db = context.services.database.db;
  const [sessions] = await db
    .select({
      interviews: sql<number>`count(*)::int`,
      seconds: sandboxSeconds,
      archiveBytes: sql<number>`coalesce(sum(${interviewSessions.archiveBytes}), 0)::float8`,
    })
    .from(interviewSessions)
    .where(where);
  const tokens = await db
    .select({
      model: aiInteractions.model,
      inputTokens: sql<number>`sum(${aiInteractions.inputTokens})::float8`,
      outputTokens: sql<number>`sum(${aiInteractions.outputTokens})::float8`,
    })
    .from(aiInteractions)
    .innerJoin(interviewSessions, eq(interviewSessions.id, aiInteractions.sessionId))
    .where(where)
    .groupBy(aiInteractions.model);
  // The AI review of a submitted interview is part of what it cost.
  const reviewTokens = await db
    .select({
      model: sql<string>`coalesce(${aiReviews.model}, ${context.services.config.ANTHROPIC_MODEL})`,
      inputTokens: sql<number>`sum(${aiReviews.inputTokens})::float8`,
      outputTokens: sql<number>`sum(${aiReviews.outputTokens})::float8`,
    })
    .from(aiReviews)
    .innerJoin(interviewSessions, eq(interviewSessions.id, aiReviews.sessionId))
    .where(where)
    .groupBy(aiReviews.model);
  const cost = priceInterview(
    {
      tokens: [...tokens, ...reviewTokens],
      sandboxSeconds: sessions?.seconds ?? 0,
      archiveBytes: sessions?.archiveBytes ?? 0,
    },
    costRates(context),
  );
  return { ...cost, interviews: sessions?.interviews ?? 0 };
}

/** What one candidate's interview cost. */
export function candidateCost(context: AppLoadContext, candidateId: string) {
  return costOf(context, eq(interviewSessions.candidateId, candidateId));
}

/** What all of an organization's interviews cost, and per interview. */
export async function organizationCost(context: AppLoadContext, organizationId: string) {
  const total = await costOf(context, eq(interviewSessions.organizationId, organizationId));
  return { ...total, perInterview: total.interviews > 0 ? total.total / total.interviews : 0 };
}
