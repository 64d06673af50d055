import { createHmac, timingSafeEqual } from 'node:crypto';
import { hasNoUsers } from '../../db/owners.ts';
import type { AppServices } from '../services.server.ts';

/**
 * The first-run page's key, derived from TANDEM_SECRET: whoever opens /setup
 * first on a fresh public deployment would otherwise become its owner. Only
 * someone who can read the server's log (or knows the secret) has it, and it
 * is worth nothing once a user exists.
 */
export function setupToken(secret: string): string {
  return createHmac('sha256', secret).update('tandem first-run setup').digest('base64url');
}

/** True when `token` is this server's setup key. */
export function isSetupToken(secret: string, token: string | null | undefined): boolean {
  const expected = Buffer.from(setupToken(secret));
  const given = Buffer.from(token ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The first-run link, e.g. for the start-up log. */
export function setupUrl(publicUrl: string, secret: string): string {
  return `${publicUrl.replace(/\/$/, '')}/setup?token=${setupToken(secret)}`;
}

/** Logs how to create the first owner when the database has no user yet; true when it did. */
export async function announceFirstRun(services: AppServices): Promise<boolean> {
  if (!(await hasNoUsers(services.database.db))) return false;
  const { PUBLIC_URL, TANDEM_SECRET } = services.config;
  services.logger.warn(
    { setupUrl: setupUrl(PUBLIC_URL, TANDEM_SECRET) },
    'no user yet: open setupUrl to create the first owner, or run npm run admin -- create-owner --email ADDRESS',
  );
  return true;
}
