import type { ActionFunctionArgs } from '@remix-run/node';
import { requireCandidateSession } from '#app/interview/candidate-session.server.ts';
import { chatResponse } from '#app/interview/room-chat.server.ts';
import { apiError } from '#app/utils/responses.server.ts';

/**
 * POST /api/interview/:id/room-chat — the candidate writes to the
 * interviewers: `{ text }`. Stored on the replay's timeline and pushed to
 * everyone in the live room.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const interview = await requireCandidateSession(request, context, params.id ?? '');
  return chatResponse(context, request, interview.session, {
    role: 'candidate',
    name: interview.candidate.name,
  });
}

export function loader() {
  return apiError(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
}
