import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { PARTICIPANT_ROLES, type ParticipantRole } from './roles.ts';

/**
 * A session token: minted by the app for exactly one interview session and
 * verified by the collab-server and the bridge. It names who connects and with
 * which role; it never grants access to another session.
 */
export interface SessionTokenClaims {
  /** The interview session this token opens. */
  sessionId: string;
  /** Organization that owns the session. */
  organizationId: string;
  /** Candidate id, user id, or a service name. */
  subject: string;
  role: ParticipantRole;
  /** Display name for presence and notes. */
  name: string;
  /** When the token expires (ms since the epoch); set by verifySessionToken, ignored when signing. */
  expiresAt?: number;
  /**
   * An interviewer's request to edit with the candidate (pair mode, decision
   * 027). The collab-server honours it only for the interviewer role, while
   * the session's assessment has pair mode on and the session is open; an
   * observer token without it stays read-only.
   */
  pair?: boolean;
}

export type TokenErrorCode = 'TOKEN_MISSING' | 'TOKEN_EXPIRED' | 'TOKEN_INVALID';

export class TokenError extends Error {
  readonly code: TokenErrorCode;
  constructor(code: TokenErrorCode, message: string) {
    super(message);
    this.name = 'TokenError';
    this.code = code;
  }
}

const ISSUER = 'tandem';
const AUDIENCE = 'tandem-session';

function key(secret: string): Uint8Array {
  if (secret.length < 32) throw new Error('The token secret must be at least 32 characters.');
  return new TextEncoder().encode(secret);
}

/** Signs a session token that expires after `ttlSeconds`. */
export async function signSessionToken(
  claims: SessionTokenClaims,
  secret: string,
  ttlSeconds: number,
): Promise<string> {
  return new SignJWT({
    sid: claims.sessionId,
    org: claims.organizationId,
    role: claims.role,
    name: claims.name,
    ...(claims.pair ? { pair: true } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.subject)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key(secret));
}

/** Verifies signature, expiry and shape; throws TokenError with a code. */
export async function verifySessionToken(
  token: string | null | undefined,
  secret: string,
): Promise<SessionTokenClaims> {
  if (!token) throw new TokenError('TOKEN_MISSING', 'A session token is required.');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) {
      throw new TokenError('TOKEN_EXPIRED', 'The session token has expired; reload the page.');
    }
    throw new TokenError('TOKEN_INVALID', 'The session token is not valid.');
  }
  const { sid, org, role, name, sub, exp, pair } = payload;
  if (
    typeof sid !== 'string' ||
    typeof org !== 'string' ||
    typeof sub !== 'string' ||
    typeof name !== 'string' ||
    !(PARTICIPANT_ROLES as readonly unknown[]).includes(role)
  ) {
    throw new TokenError('TOKEN_INVALID', 'The session token is missing claims.');
  }
  return {
    sessionId: sid,
    organizationId: org,
    subject: sub,
    role: role as ParticipantRole,
    name,
    ...(typeof exp === 'number' ? { expiresAt: exp * 1000 } : {}),
    ...(pair === true ? { pair: true } : {}),
  };
}
