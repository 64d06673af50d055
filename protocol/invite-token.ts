import { createHash, createHmac, randomBytes } from 'node:crypto';

/** A new single-use invitation token (URL-safe, 256 bits). Only its hash is stored. */
export function createInviteToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of an invitation token. */
export function hashInviteToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * A token derived from the server secret, so that the demo invitation can be
 * printed again on every start without storing the token itself.
 */
export function deriveInviteToken(secret: string, label: string): string {
  return createHmac('sha256', secret).update(`invite:${label}`).digest('base64url');
}
