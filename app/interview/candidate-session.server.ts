import type { AppLoadContext } from '@remix-run/node';
import { isSessionOpen } from '../../protocol/sessions.ts';
import { apiError } from '../utils/responses.server.ts';
import { holdsCandidate } from './candidate-cookie.server.ts';
import { type Interview, loadInterview } from './lookup.server.ts';

export type StartedInterview = Interview & { session: NonNullable<Interview['session']> };

/** The candidate cookie must name this candidate; otherwise a 403 JSON error is thrown. */
export async function requireOwnInterview(
  request: Request,
  context: AppLoadContext,
  candidateId: string,
): Promise<void> {
  if (!(await holdsCandidate(request, context, candidateId))) {
    throw apiError(
      403,
      'FORBIDDEN',
      'This is not your interview; open it from your invitation link.',
    );
  }
}

/**
 * For the candidate's own API calls: the cookie must name this candidate and
 * the session must exist (and be open, unless `allowClosed`). Throws a JSON
 * error Response with a code otherwise.
 */
export async function requireCandidateSession(
  request: Request,
  context: AppLoadContext,
  candidateId: string,
  options: { allowClosed?: boolean } = {},
): Promise<StartedInterview> {
  await requireOwnInterview(request, context, candidateId);
  const interview = await loadInterview(context.services.database.db, candidateId);
  if (!interview) throw apiError(404, 'NOT_FOUND', 'Interview not found.');
  const { session } = interview;
  if (!session) throw apiError(409, 'NOT_STARTED', 'Start the interview first.');
  if (!options.allowClosed && !isSessionOpen(session.status)) {
    throw apiError(409, 'SESSION_CLOSED', 'This interview is over; nothing more can be changed.');
  }
  return { ...interview, session };
}
