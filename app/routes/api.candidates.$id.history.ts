import type { LoaderFunctionArgs } from '@remix-run/node';
import { getSignedInUser, roleInOrganization } from '#app/auth/guards.server.ts';
import { loadInterview } from '#app/interview/lookup.server.ts';
import { historyResponse } from '#app/replay/history-response.server.ts';
import { apiError } from '#app/utils/responses.server.ts';
import { loadSessionHistory } from '#db/history/load.ts';
import { isSessionOpen } from '#protocol/sessions.ts';

/**
 * GET /api/candidates/:id/history — the session's whole history (update log,
 * the checkpoint a replay needs, session events, interviewer notes) as one
 * binary body in the history format (protocol/history-format.ts), for the
 * members of the owning organization. Live sessions too: the body is what has
 * been stored so far.
 *
 * An API, so a missing sign-in is a 401 in JSON rather than a redirect to the
 * login page: the replay view fetches it from a Web Worker, which would
 * otherwise receive the login page's HTML as a "history".
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const signedIn = await getSignedInUser(request, context);
  if (!signedIn) return apiError(401, 'UNAUTHENTICATED', 'Sign in to see this history.');
  const db = context.services.database.db;
  const interview = await loadInterview(db, params.id ?? '');
  const role = interview
    ? await roleInOrganization(context, signedIn.user.id, interview.candidate.organizationId)
    : null;
  // Another organization's candidate is indistinguishable from an unknown one.
  if (!interview || !role) return apiError(404, 'NOT_FOUND', 'Candidate not found.');
  if (!interview.session) {
    return apiError(409, 'NOT_STARTED', 'This candidate has not started yet: there is no history.');
  }
  const history = await loadSessionHistory(db, interview.session.id);
  if (!history) return apiError(404, 'NOT_FOUND', 'Candidate not found.');
  return historyResponse(request, history, { live: isSessionOpen(interview.session.status) });
}
