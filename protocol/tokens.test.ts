import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  type SessionTokenClaims,
  signSessionToken,
  TokenError,
  verifySessionToken,
} from './tokens.ts';

const secret = 'test-secret-test-secret-test-secret-1234';
const claims: SessionTokenClaims = {
  sessionId: 'session-a',
  organizationId: 'org-1',
  subject: 'candidate-1',
  role: 'candidate',
  name: 'Ada',
};

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'none';
  } catch (error) {
    return error instanceof TokenError ? error.code : 'other';
  }
}

describe('session tokens', () => {
  it('round-trips the claims, and says when the token expires', async () => {
    const before = Date.now();
    const token = await signSessionToken(claims, secret, 60);
    const { expiresAt, ...verified } = await verifySessionToken(token, secret);
    expect(verified).toEqual(claims);
    // JWT expiry has whole seconds.
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 60_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  it('refuses an expired token with TOKEN_EXPIRED', async () => {
    const token = await signSessionToken(claims, secret, -10);
    expect(await codeOf(verifySessionToken(token, secret))).toBe('TOKEN_EXPIRED');
  });

  it('refuses a token signed with another secret', async () => {
    const token = await signSessionToken(claims, `${secret}-other`, 60);
    expect(await codeOf(verifySessionToken(token, secret))).toBe('TOKEN_INVALID');
  });

  it('refuses a tampered payload', async () => {
    const token = await signSessionToken(claims, secret, 60);
    const [header, payload, signature] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    forged.sid = 'session-b';
    const tampered = [
      header,
      Buffer.from(JSON.stringify(forged)).toString('base64url'),
      signature,
    ].join('.');
    expect(await codeOf(verifySessionToken(tampered, secret))).toBe('TOKEN_INVALID');
  });

  it('refuses a missing token and a token without the role claim', async () => {
    expect(await codeOf(verifySessionToken(undefined, secret))).toBe('TOKEN_MISSING');
    const noRole = await new SignJWT({ sid: 's', org: 'o', name: 'n' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('tandem')
      .setAudience('tandem-session')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(secret));
    expect(await codeOf(verifySessionToken(noRole, secret))).toBe('TOKEN_INVALID');
  });
});
