import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { aiReviewScores, aiReviews, auditLog } from '../../db/schema/index.ts';
import type { ReviewDecision } from './section-schema.ts';

export type DecisionErrorCode = 'REVIEW_NOT_FOUND' | 'REVIEW_NOT_READY' | 'DIMENSION_NOT_FOUND';

export class ReviewDecisionError extends Error {
  readonly code: DecisionErrorCode;
  constructor(code: DecisionErrorCode, message: string) {
    super(message);
    this.name = 'ReviewDecisionError';
    this.code = code;
  }
}

const DECIDED = { accept: 'accepted', change: 'changed', reject: 'rejected' } as const;

/**
 * Records a reviewer's decision on one score. The final score is the
 * reviewer's: the model's when accepted, theirs when changed, none when
 * rejected. Every decision is written to the audit log with the score before
 * and after, in the same transaction.
 */
export async function decideReviewScore(
  db: Database,
  actor: { userId: string; organizationId: string },
  candidateId: string,
  decision: ReviewDecision,
) {
  return db.transaction(async (tx) => {
    const [review] = await tx
      .select({ id: aiReviews.id, status: aiReviews.status })
      .from(aiReviews)
      .where(
        and(
          eq(aiReviews.candidateId, candidateId),
          eq(aiReviews.organizationId, actor.organizationId),
        ),
      );
    if (!review)
      throw new ReviewDecisionError('REVIEW_NOT_FOUND', 'This candidate has no AI review.');
    if (review.status !== 'done') {
      throw new ReviewDecisionError(
        'REVIEW_NOT_READY',
        'The AI review is not finished yet; try again when it is.',
      );
    }
    const where = and(
      eq(aiReviewScores.reviewId, review.id),
      eq(aiReviewScores.dimension, decision.dimension),
    );
    const [before] = await tx.select().from(aiReviewScores).where(where);
    if (!before) {
      throw new ReviewDecisionError(
        'DIMENSION_NOT_FOUND',
        `The review has no score "${decision.dimension}".`,
      );
    }
    const finalScore =
      decision.action === 'accept'
        ? before.modelScore
        : decision.action === 'change'
          ? decision.score
          : null;
    const [after] = await tx
      .update(aiReviewScores)
      .set({
        decision: DECIDED[decision.action],
        finalScore,
        decisionNote: decision.note?.trim() || null,
        decidedBy: actor.userId,
        decidedAt: new Date(),
      })
      .where(where)
      .returning();
    await tx.insert(auditLog).values({
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: `review.score.${DECIDED[decision.action]}`,
      targetType: 'ai_review_score',
      targetId: `${review.id}/${decision.dimension}`,
      data: {
        candidateId,
        dimension: decision.dimension,
        modelScore: before.modelScore,
        before: { decision: before.decision, finalScore: before.finalScore },
        after: { decision: after!.decision, finalScore },
        ...(decision.note ? { note: decision.note } : {}),
      },
    });
    return after!;
  });
}
