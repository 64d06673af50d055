import { json, type LoaderFunctionArgs } from '@remix-run/node';
import { requireObserverWorkspace } from '#app/interview/access.server.ts';
import { apiError } from '#app/utils/responses.server.ts';

/**
 * A fresh observer token for the observe page, which renews before its short
 * token expires. Membership is checked again each time: a member removed from
 * the organization (or anyone else) gets 403 and no token. `?pair=1` asks
 * for a pair token (decision 027): only an interviewer, while the assessment
 * has pair mode on and the session is open (403 NOT_ALLOWED_TO_PAIR otherwise).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  try {
    const pair = new URL(request.url).searchParams.get('pair') === '1';
    let access: Awaited<ReturnType<typeof requireObserverWorkspace>>;
    try {
      access = await requireObserverWorkspace(request, context, params.id ?? '', { pair });
    } catch (error) {
      if (pair && error instanceof Response && error.status === 403) {
        return apiError(
          403,
          'NOT_ALLOWED_TO_PAIR',
          'Pair mode is off for this assessment, the interview is over, or your role may only watch.',
        );
      }
      throw error;
    }
    return json(
      {
        token: access.collab.token,
        pairing: access.pairing,
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
