import { type ActionFunctionArgs, json } from '@remix-run/node';
import { requireMember } from '#app/auth/guards.server.ts';
import {
  endInterview,
  extendInterview,
  issueNewLink,
  pauseInterview,
  resumeInterview,
  TEAM_ACTIONS,
  type TeamAction,
  TeamActionError,
} from '#app/candidates/team-actions.server.ts';
import { roomStateOf } from '#app/interview/room.server.ts';
import { apiError } from '#app/utils/responses.server.ts';

async function readInput(request: Request): Promise<{ action: unknown; minutes: unknown }> {
  if (request.headers.get('content-type')?.includes('application/json')) {
    const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
    return { action: body.action, minutes: body.minutes };
  }
  const form = await request.formData();
  return { action: form.get('action'), minutes: Number(form.get('minutes')) };
}

/**
 * POST /api/candidates/:id/actions — what the hiring team does to a started
 * interview: `{ action: 'pause' | 'resume' | 'extend' | 'end' | 'new-link',
 * minutes? }`. Interviewers and above; every action is audited and pushed to
 * the live room.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, 'interviewer');
  const candidateId = params.id ?? '';
  const input = await readInput(request);
  if (!TEAM_ACTIONS.includes(input.action as TeamAction)) {
    return apiError(400, 'BAD_ACTION', `Choose one of: ${TEAM_ACTIONS.join(', ')}.`);
  }
  try {
    switch (input.action as TeamAction) {
      case 'pause':
        return json({ state: roomStateOf(await pauseInterview(context, member, candidateId)) });
      case 'resume':
        return json({ state: roomStateOf(await resumeInterview(context, member, candidateId)) });
      case 'extend': {
        const minutes = Number(input.minutes);
        const session = await extendInterview(context, member, candidateId, minutes);
        return json({ state: roomStateOf(session) });
      }
      case 'end': {
        const outcome = await endInterview(context, member, candidateId);
        return json({ ended: true, sessionId: outcome.sessionId });
      }
      case 'new-link':
        return json(await issueNewLink(context, member, candidateId));
    }
  } catch (error) {
    if (error instanceof TeamActionError) return apiError(error.status, error.code, error.message);
    throw error;
  }
}

export function loader() {
  return apiError(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
}
