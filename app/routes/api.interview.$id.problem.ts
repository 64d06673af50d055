import { type ActionFunctionArgs, json } from '@remix-run/node';
import { problemSwitchRequestSchema } from '#app/api/schemas.ts';
import { requireCandidateSession } from '#app/interview/candidate-session.server.ts';
import { switchProblem } from '#app/interview/switch-problem.server.ts';
import { apiError } from '#app/utils/responses.server.ts';

/**
 * POST /api/interview/:id/problem — moves the candidate to another problem of
 * the assessment: `{ to: <position> }` by their choice, or `{ done: true }` to
 * mark the current one done and open the next. Answers with the current position.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const interview = await requireCandidateSession(request, context, params.id ?? '');
  const parsed = problemSwitchRequestSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    return apiError(400, 'BAD_REQUEST', 'Send { "to": <problem position> } or { "done": true }.');
  }
  const outcome = await switchProblem(
    context,
    interview,
    'done' in parsed.data ? { reason: 'submitted' } : { to: parsed.data.to, reason: 'candidate' },
  );
  if (outcome.kind === 'error') return apiError(outcome.status, outcome.code, outcome.message);
  return json({ currentProblem: outcome.current, switched: outcome.event !== null });
}

export function loader() {
  return apiError(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
}
