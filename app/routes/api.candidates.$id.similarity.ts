import { json, type LoaderFunctionArgs } from '@remix-run/node';
import { requireUser, roleInOrganization } from '#app/auth/guards.server.ts';
import { loadInterview } from '#app/interview/lookup.server.ts';
import { similarCandidates } from '#app/similarity/similar-candidates.server.ts';
import { apiError } from '#app/utils/responses.server.ts';

/**
 * GET /api/candidates/:id/similarity — the other candidates of the same
 * problem whose submitted code resembles this candidate's, most similar first,
 * with the matching passages of both; for members of the owning organization.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const db = context.services.database.db;
  const interview = await loadInterview(db, params.id ?? '');
  const organizationId = interview?.candidate.organizationId;
  const role = organizationId ? await roleInOrganization(context, user.id, organizationId) : null;
  if (!interview || !organizationId || !role)
    return apiError(404, 'NOT_FOUND', 'Candidate not found.');
  const report = await similarCandidates(db, organizationId, interview.candidate.id);
  if (!report)
    return apiError(409, 'NOT_SUBMITTED', 'This candidate has not handed in an interview yet.');
  return json(report, { headers: { 'cache-control': 'no-store' } });
}
