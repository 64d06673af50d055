import { json, type LoaderFunctionArgs } from '@remix-run/node';
import { requireUser, roleInOrganization } from '#app/auth/guards.server.ts';
import { loadInterview } from '#app/interview/lookup.server.ts';
import { eventsAfter } from '#app/observer/activity.server.ts';
import { apiError } from '#app/utils/responses.server.ts';
import { numberParam } from '../utils/url-number.server.ts';

/**
 * GET /api/candidates/:id/activity?after=<seq> — the session's events after a
 * sequence number (test runs and results, AI turns, focus, pastes, files
 * opened), for the observers of the owning organization, who poll it.
 *
 * Polling, not a held-open stream: a browser allows six connections per
 * host over HTTP/1.1, and an interviewer with several observer tabs would
 * otherwise starve every other request of the app.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const after = numberParam(new URL(request.url).searchParams, 'after', { fallback: 0 });
  const { user } = await requireUser(request, context);
  const db = context.services.database.db;
  const interview = await loadInterview(db, params.id ?? '');
  const role = interview
    ? await roleInOrganization(context, user.id, interview.candidate.organizationId)
    : null;
  if (!interview || !role) return apiError(404, 'NOT_FOUND', 'Candidate not found.');
  if (!interview.session)
    return apiError(409, 'NOT_STARTED', 'This candidate has not started yet.');
  const events = await eventsAfter(db, interview.session.id, after);
  return json(
    { events, next: events.at(-1)?.seq ?? after, status: interview.session.status },
    { headers: { 'cache-control': 'no-store' } },
  );
}
