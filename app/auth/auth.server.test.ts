import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { createLogger } from '../../protocol/logger.ts';
import { loadAppConfig } from '../config.server.ts';
import type { Mailer } from '../email/mailer.server.ts';
import { createAuth } from './auth.server.ts';

const SECRET = 'tandem-test-secret-0123456789abcdef-xyz';

function providersWith(env: Record<string, string>) {
  const config = loadAppConfig({
    TANDEM_SECRET: SECRET,
    GITHUB_CLIENT_ID: 'github-id',
    GITHUB_CLIENT_SECRET: 'github-secret',
    GOOGLE_CLIENT_ID: 'google-id',
    GOOGLE_CLIENT_SECRET: 'google-secret',
    ...env,
  });
  const auth = createAuth({
    // Creating the handler does not touch the database or send mail.
    db: {} as Database,
    config,
    mailer: {} as Mailer,
    logger: createLogger('test', 'silent'),
  });
  return auth.options.socialProviders as Record<string, { disableSignUp?: boolean }>;
}

describe('sign-up through GitHub or Google (issue 12: accounts come from invitations)', () => {
  it('does not let a first social sign-in create an account', () => {
    const providers = providersWith({});
    expect(providers.github?.disableSignUp).toBe(true);
    expect(providers.google?.disableSignUp).toBe(true);
  });

  it('lets it with TANDEM_OPEN_SIGNUP', () => {
    const providers = providersWith({ TANDEM_OPEN_SIGNUP: '1' });
    expect(providers.github?.disableSignUp).toBe(false);
    expect(providers.google?.disableSignUp).toBe(false);
  });
});
