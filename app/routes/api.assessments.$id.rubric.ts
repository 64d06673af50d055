import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from '@remix-run/node';
import { requireMember } from '#app/auth/guards.server.ts';
import { loadRubric, RubricError, resetRubric, saveRubric } from '#app/review/rubric.server.ts';
import { apiError } from '#app/utils/responses.server.ts';
import { hasMemberRole } from '#protocol/roles.ts';

function rubricErrorResponse(error: unknown) {
  if (error instanceof RubricError) {
    return apiError(
      error.status,
      error.code,
      error.message,
      error.issues.length > 0 ? error.issues : undefined,
    );
  }
  throw error;
}

/** GET /api/assessments/:id/rubric — the rubric the assessment's AI reviews use (members). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context);
  try {
    return json(
      await loadRubric(context.services.database.db, member.organization.id, params.id ?? ''),
    );
  } catch (error) {
    return rubricErrorResponse(error);
  }
}

/**
 * PUT /api/assessments/:id/rubric — replace the rubric: `{ dimensions: [{ key?,
 * label, guidance?, weight? }] }` in order (a dimension without a key is new).
 * DELETE — back to the default rubric. Interviewers and above; audited.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context);
  if (!hasMemberRole(member.role, 'interviewer')) {
    return apiError(
      403,
      'FORBIDDEN',
      `Editing a rubric needs the interviewer role or higher; you are ${member.role}.`,
    );
  }
  const db = context.services.database.db;
  const actor = { userId: member.user.id, organizationId: member.organization.id };
  const assessmentId = params.id ?? '';
  try {
    if (request.method === 'DELETE') return json(await resetRubric(db, actor, assessmentId));
    if (request.method !== 'PUT') {
      return apiError(405, 'METHOD_NOT_ALLOWED', 'Use PUT to save a rubric, DELETE to reset it.');
    }
    const body = await request.json().catch(() => null);
    const dimensions =
      body && typeof body === 'object' && 'dimensions' in body ? body.dimensions : undefined;
    return json(await saveRubric(db, actor, assessmentId, dimensions));
  } catch (error) {
    return rubricErrorResponse(error);
  }
}
