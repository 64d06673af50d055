import { type ActionFunctionArgs, json } from '@remix-run/node';
import { requireOwnInterview } from '#app/interview/candidate-session.server.ts';
import { submitInterview } from '#app/interview/submit.server.ts';
import { apiError } from '#app/utils/responses.server.ts';

/**
 * POST /api/interview/:id/submit (seed 1.4) — final snapshot, final grading
 * with hidden tests, scores, archive, e-mails. Idempotent: submitting twice,
 * or racing the timer, returns the one result.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const candidateId = params.id ?? '';
  await requireOwnInterview(request, context, candidateId);
  const outcome = await submitInterview(
    context,
    candidateId,
    'candidate',
    context.services.submission,
  );
  if (!outcome) return apiError(409, 'NOT_STARTED', 'Start the interview first.');
  return json({
    success: true,
    sessionId: outcome.sessionId,
    status: outcome.status,
    alreadySubmitted: outcome.alreadySubmitted,
    scores: outcome.scores,
    message: outcome.alreadySubmitted
      ? 'This interview was already submitted.'
      : 'Assessment submitted successfully.',
  });
}

export function loader() {
  return apiError(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
}
