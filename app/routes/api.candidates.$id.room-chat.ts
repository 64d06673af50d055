import type { ActionFunctionArgs } from '@remix-run/node';
import { requireMember } from '#app/auth/guards.server.ts';
import { loadInterview } from '#app/interview/lookup.server.ts';
import { chatResponse } from '#app/interview/room-chat.server.ts';
import { apiError } from '#app/utils/responses.server.ts';

/**
 * POST /api/candidates/:id/room-chat — an interviewer writes to the
 * candidate: `{ text }`. Interviewers and above of the candidate's
 * organization; stored on the replay's timeline and pushed to the room.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, 'interviewer');
  const interview = await loadInterview(context.services.database.db, params.id ?? '');
  if (!interview || interview.candidate.organizationId !== member.organization.id) {
    return apiError(404, 'NOT_FOUND', 'Candidate not found.');
  }
  if (!interview.session) return apiError(409, 'NOT_STARTED', 'This candidate has not started.');
  return chatResponse(context, request, interview.session, {
    role: 'interviewer',
    name: member.user.name,
  });
}

export function loader() {
  return apiError(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
}
