import { json, type LoaderFunctionArgs } from '@remix-run/node';
import { requireObserverWorkspace } from '#app/interview/access.server.ts';
import { apiError } from '#app/utils/responses.server.ts';

/**
 * A fresh observer token for the observe page, which renews before its short
 * token expires. Membership is checked again each time: a member removed from
 * the organization (or anyone else) gets 403 and no token.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  try {
    const access = await requireObserverWorkspace(request, context, params.id ?? '');
    return json(
      {
        token: access.collab.token,
        expiresInSeconds: context.services.config.OBSERVER_TOKEN_TTL_SECONDS,
      },
      { headers: { 'cache-control': 'no-store' } },
    );
  } catch (error) {
    if (error instanceof Response && error.status < 500 && error.status !== 409) {
      return apiError(403, 'NOT_A_MEMBER', 'You are no longer a member of this organization.');
    }
    throw error;
  }
}
