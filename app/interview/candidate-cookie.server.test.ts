import { type AppLoadContext, createCookie } from '@remix-run/node';
import { describe, expect, it } from 'vitest';
import {
  CANDIDATE_COOKIE_LIMIT,
  holdsCandidate,
  readCandidateIds,
  serializeCandidateCookie,
} from './candidate-cookie.server.ts';

const secret = 'candidate-cookie-test-secret';
const context = {
  services: { config: { TANDEM_SECRET: secret, PUBLIC_URL: 'http://127.0.0.1:3000' } },
} as unknown as AppLoadContext;

function requestWith(setCookie?: string): Request {
  const pair = setCookie?.split(';')[0];
  return new Request('http://127.0.0.1:3000/', { headers: pair ? { cookie: pair } : {} });
}

describe('the candidate cookie', () => {
  it('adds each interview started in the browser, most recent first, up to the limit', async () => {
    let cookie: string | undefined;
    for (let i = 0; i < CANDIDATE_COOKIE_LIMIT + 2; i++) {
      cookie = await serializeCandidateCookie(requestWith(cookie), context, `candidate-${i}`);
    }
    const ids = await readCandidateIds(requestWith(cookie), context);
    expect(ids).toHaveLength(CANDIDATE_COOKIE_LIMIT);
    expect(ids[0]).toBe(`candidate-${CANDIDATE_COOKIE_LIMIT + 1}`);
    expect(ids).not.toContain('candidate-0');
    expect(await holdsCandidate(requestWith(cookie), context, 'candidate-5')).toBe(true);
  });

  it('does not list an interview twice when it is entered again', async () => {
    const first = await serializeCandidateCookie(requestWith(), context, 'a');
    const second = await serializeCandidateCookie(requestWith(first), context, 'b');
    const again = await serializeCandidateCookie(requestWith(second), context, 'a');
    expect(await readCandidateIds(requestWith(again), context)).toEqual(['a', 'b']);
  });

  it('still accepts a cookie from before the list (one id)', async () => {
    const legacy = await createCookie('tandem_candidate', { secrets: [secret] }).serialize(
      'old-id',
    );
    expect(await holdsCandidate(requestWith(legacy), context, 'old-id')).toBe(true);
  });

  it('ignores a cookie signed with another secret', async () => {
    const forged = await createCookie('tandem_candidate', { secrets: ['not-ours'] }).serialize([
      'victim',
    ]);
    expect(await holdsCandidate(requestWith(forged), context, 'victim')).toBe(false);
  });
});
