import type { ActionFunctionArgs } from '@remix-run/node';
import { requireCandidateSession } from '#app/interview/candidate-session.server.ts';
import { BridgeClientError } from '#app/sandbox/bridge-client.server.ts';
import { apiError } from '#app/utils/responses.server.ts';
import { sseStreamResponse } from '#app/utils/sse.server.ts';

/**
 * POST /api/interview/:id/run-tests (seed 1.5) — runs the visible tests in the
 * candidate's sandbox and streams the results as SSE: `start`, one
 * `test_result` per test as it finishes, then `done` (or `error`).
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const interview = await requireCandidateSession(request, context, params.id ?? '');
  try {
    const stream = await context.services.bridge.runTests({
      sessionId: interview.session.id,
      organizationId: interview.candidate.organizationId,
      problem: interview.session.currentProblem,
    });
    return sseStreamResponse(stream);
  } catch (error) {
    if (error instanceof BridgeClientError)
      return apiError(error.status, error.code, error.message);
    throw error;
  }
}

export function loader() {
  return apiError(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
}
