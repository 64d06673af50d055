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

/** How many interviews one browser keeps open at once (the most recent ones). */
export const CANDIDATE_COOKIE_LIMIT = 8;

/**
 * The candidate ids in the request's cookie, most recent first. One person can
 * hold several interviews (invited to two assessments, or twice) in one
 * browser; starting the second must not lock them out of the first.
 */
export async function readCandidateIds(
  request: Request,
  context: AppLoadContext,
): Promise<string[]> {
  const value: unknown = await candidateCookie(context).parse(request.headers.get('cookie'));
  // A cookie set before the list (one id as a string) still counts.
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return [];
  return value
    .filter((id): id is string => typeof id === 'string')
    .slice(0, CANDIDATE_COOKIE_LIMIT);
}

/** Whether the request's cookie names this candidate. */
export async function holdsCandidate(
  request: Request,
  context: AppLoadContext,
  candidateId: string,
): Promise<boolean> {
  return (await readCandidateIds(request, context)).includes(candidateId);
}

/**
 * A Set-Cookie header value that adds a candidate to the ones the request's
 * cookie already names (the oldest beyond the limit drop out).
 */
export async function serializeCandidateCookie(
  request: Request,
  context: AppLoadContext,
  candidateId: string,
): Promise<string> {
  const held = (await readCandidateIds(request, context)).filter((id) => id !== candidateId);
  return candidateCookie(context).serialize(
    [candidateId, ...held].slice(0, CANDIDATE_COOKIE_LIMIT),
  );
}
