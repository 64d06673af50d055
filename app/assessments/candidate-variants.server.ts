import type { AppLoadContext } from '@remix-run/node';
import { and, eq } from 'drizzle-orm';
import { assessments, candidates, problems } from '../../db/schema/index.ts';
import { firstProblemId } from '../interview/lookup.server.ts';
import { generateVariant } from '../questions/generate.server.ts';
import { createProblem, toProblemInput } from '../questions/questions.server.ts';

export type CandidateVariantOutcome =
  | { kind: 'assigned'; problemId: string; passed: number; total: number }
  | { kind: 'not-requested' }
  | { kind: 'kept-original'; code: string; message: string };

/**
 * For an assessment with `variantPerCandidate`: asks the assistant for a
 * variant of its first problem, keeps it only if its reference solution passes
 * all of its own tests in the sandbox (generateVariant), stores it as an
 * archived, generated problem (out of the bank's lists, kept for the report)
 * and makes it this candidate's question — unless they have started by then.
 * Any failure leaves the candidate with the original problem.
 */
export async function prepareCandidateVariant(
  context: AppLoadContext,
  candidateId: string,
): Promise<CandidateVariantOutcome> {
  const db = context.services.database.db;
  const [row] = await db
    .select({ candidate: candidates, variantPerCandidate: assessments.variantPerCandidate })
    .from(candidates)
    .innerJoin(assessments, eq(assessments.id, candidates.assessmentId))
    .where(eq(candidates.id, candidateId));
  if (!row?.variantPerCandidate) return { kind: 'not-requested' };
  const { candidate } = row;
  const originalId = await firstProblemId(db, candidate.assessmentId);
  const [original] = originalId
    ? await db.select().from(problems).where(eq(problems.id, originalId))
    : [];
  if (!original) {
    return { kind: 'kept-original', code: 'NO_PROBLEM', message: 'The assessment has no problem.' };
  }
  const outcome = await generateVariant(
    context,
    candidate.organizationId,
    toProblemInput(original),
  ).catch(
    (error: unknown) =>
      ({
        ok: false,
        code: 'AI_ERROR',
        message: `The assistant could not be reached: ${error instanceof Error ? error.message : String(error)}`,
      }) as const,
  );
  if (!outcome.ok) {
    context.services.logger.warn(
      { candidateId, code: outcome.code, reason: outcome.message },
      'candidate keeps the original problem: no usable variant',
    );
    return { kind: 'kept-original', code: outcome.code, message: outcome.message };
  }
  const variantId = await createProblem(
    db,
    candidate.organizationId,
    candidate.invitedById,
    outcome.problem,
    { generated: true, parentProblemId: original.id, archivedAt: new Date() },
  );
  // Only while they have not started: a started session keeps the problem it began with.
  const [assigned] = await db
    .update(candidates)
    .set({ problemId: variantId })
    .where(and(eq(candidates.id, candidateId), eq(candidates.status, 'INVITED')))
    .returning({ id: candidates.id });
  if (!assigned) {
    return {
      kind: 'kept-original',
      code: 'ALREADY_STARTED',
      message: 'The candidate started before the variant was ready.',
    };
  }
  context.services.logger.info(
    { candidateId, problemId: variantId, tests: outcome.total },
    'candidate variant assigned',
  );
  return { kind: 'assigned', problemId: variantId, passed: outcome.passed, total: outcome.total };
}
