import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from '@remix-run/node';
import { requireMember } from '#app/auth/guards.server.ts';
import { decideReviewScore, ReviewDecisionError } from '#app/review/decisions.server.ts';
import { loadReviewSection } from '#app/review/section.server.ts';
import { reviewDecisionSchema } from '#app/review/section-schema.ts';
import { apiError } from '#app/utils/responses.server.ts';

/** GET /api/candidates/:id/review — the AI review section's data (the page polls it while the review runs). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context);
  return json(await loadReviewSection(context, member.organization.id, params.id ?? ''));
}

const STATUS = { REVIEW_NOT_FOUND: 404, REVIEW_NOT_READY: 409, DIMENSION_NOT_FOUND: 404 } as const;

/**
 * POST /api/candidates/:id/review — a reviewer accepts, changes or rejects one
 * score (`dimension`, `action`, `score` for a change, optional `note`), as a
 * form or JSON. Interviewers and above; audited.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, 'interviewer');
  const isJson = request.headers.get('content-type')?.includes('application/json');
  const body = isJson
    ? await request.json().catch(() => null)
    : Object.fromEntries(await request.formData());
  const parsed = reviewDecisionSchema.safeParse(body);
  if (!parsed.success) {
    return apiError(
      400,
      'BAD_DECISION',
      `Send a dimension and an action (accept, change with a score from 1 to 5, or reject).`,
      parsed.error.issues,
    );
  }
  const candidateId = params.id ?? '';
  try {
    await decideReviewScore(
      context.services.database.db,
      { userId: member.user.id, organizationId: member.organization.id },
      candidateId,
      parsed.data,
    );
  } catch (error) {
    if (error instanceof ReviewDecisionError) {
      return apiError(STATUS[error.code], error.code, error.message);
    }
    throw error;
  }
  return json(await loadReviewSection(context, member.organization.id, candidateId));
}
