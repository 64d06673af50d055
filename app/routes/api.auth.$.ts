import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import {
  recordSignInFailure,
  signInRetryAfter,
  throttledMessage,
} from '#app/auth/sign-in-throttle.server.ts';
import { apiError } from '#app/utils/responses.server.ts';

// better-auth's own endpoints (magic-link verification, OAuth callbacks, session, sign-out).
export async function loader({ request, context }: LoaderFunctionArgs) {
  return context.services.auth.handler(request);
}

/** Sign-in endpoints counted by the throttle: a password, or a magic link sent. */
const THROTTLED = /\/api\/auth\/sign-in\/(email|magic-link)$/;

export async function action({ request, context }: ActionFunctionArgs) {
  // Accounts come from an invitation (join.$token.tsx calls auth.api directly,
  // not this endpoint), /setup or `npm run admin`, unless sign-up is open.
  if (
    new URL(request.url).pathname.startsWith('/api/auth/sign-up/') &&
    !context.services.config.TANDEM_OPEN_SIGNUP
  ) {
    return apiError(
      403,
      'SIGN_UP_BY_INVITATION',
      'Accounts are created through an invitation from your organization. Ask an admin to invite you.',
    );
  }
  const kind = THROTTLED.exec(new URL(request.url).pathname)?.[1];
  if (!kind) return context.services.auth.handler(request);
  const body = (await request
    .clone()
    .json()
    .catch(() => null)) as { email?: unknown } | null;
  const email = typeof body?.email === 'string' ? body.email : '';
  const attempt = { email, address: context.clientAddress ?? 'unknown' };
  const db = context.services.database.db;
  const retryAfter = await signInRetryAfter(db, attempt);
  if (retryAfter !== null) {
    const refused = apiError(429, 'TOO_MANY_SIGN_IN_ATTEMPTS', throttledMessage(retryAfter));
    refused.headers.set('retry-after', String(retryAfter));
    return refused;
  }
  const response = await context.services.auth.handler(request);
  if (kind === 'magic-link' || !response.ok) await recordSignInFailure(db, attempt);
  return response;
}
