import { type ActionFunctionArgs, json } from '@remix-run/node';
import { holdsCandidate } from '#app/interview/candidate-cookie.server.ts';
import { startInterview } from '#app/interview/start.server.ts';
import { apiError } from '#app/utils/responses.server.ts';

/** POST /api/interview/:id/initialize — create or resume the candidate's session (seed 1.1). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return apiError(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
  const candidateId = params.id ?? '';
  if (!(await holdsCandidate(request, context, candidateId))) {
    return apiError(403, 'FORBIDDEN', 'Open the interview from your invitation link first.');
  }
  // An optional JSON body names the language the candidate picked (decision 023).
  const body = (await request.json().catch(() => null)) as { language?: unknown } | null;
  const outcome = await startInterview(context, candidateId, body?.language);
  switch (outcome.kind) {
    case 'ready':
      return json(outcome.response);
    case 'closed':
      return apiError(
        409,
        outcome.status === 'COMPLETED' ? 'SESSION_SUBMITTED' : 'SESSION_EXPIRED',
        outcome.status === 'COMPLETED'
          ? 'This interview was already submitted.'
          : 'This interview has expired.',
        { status: outcome.status, sessionId: outcome.sessionId },
      );
    case 'error':
      return apiError(outcome.status, outcome.code, outcome.message);
  }
}

export function loader() {
  return apiError(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
}
