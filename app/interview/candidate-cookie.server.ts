import { type AppLoadContext, type Cookie, createCookie } from '@remix-run/node';

const cookies = new Map<string, Cookie>();

/**
 * The candidate's browser carries a signed cookie naming their candidate id,
 * set when they start from their (single-use) invitation link. It is what
 * lets them reload and resume; it opens nothing but their own interview.
 */
function candidateCookie(context: AppLoadContext): Cookie {
  const { TANDEM_SECRET, PUBLIC_URL } = context.services.config;
  let cookie = cookies.get(TANDEM_SECRET);
  if (!cookie) {
    cookie = createCookie('tandem_candidate', {
      secrets: [TANDEM_SECRET],
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: PUBLIC_URL.startsWith('https://'),
      maxAge: 60 * 60 * 24 * 7,
    });
    cookies.set(TANDEM_SECRET, cookie);
  }
  return cookie;
}

/** The candidate id in the request's cookie, or null. */
export async function readCandidateId(
  request: Request,
  context: AppLoadContext,
): Promise<string | null> {
  const value: unknown = await candidateCookie(context).parse(request.headers.get('cookie'));
  return typeof value === 'string' ? value : null;
}

/** A Set-Cookie header value for a candidate. */
export function serializeCandidateCookie(
  context: AppLoadContext,
  candidateId: string,
): Promise<string> {
  return candidateCookie(context).serialize(candidateId);
}
