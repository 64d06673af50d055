import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { magicLink } from 'better-auth/plugins';
import type { Database } from '../../db/client.ts';
import { authAccounts, authSessions, authVerifications, users } from '../../db/schema/index.ts';
import type { Logger } from '../../protocol/logger.ts';
import type { AppConfig } from '../config.server.ts';
import type { Mailer } from '../email/mailer.server.ts';
import { magicLinkEmail } from '../email/templates.ts';
import { authLogger } from './auth-logger.server.ts';

/**
 * Sign-in for the hiring team: e-mail and password, magic link by e-mail, and
 * GitHub/Google when their client ids are configured. better-auth stores its
 * users, sessions, accounts and verifications in our own tables.
 */
export function createAuth(options: {
  db: Database;
  config: AppConfig;
  mailer: Mailer;
  logger: Logger;
}) {
  const { db, config, mailer } = options;
  // Accounts come from invitations (issue 12): a first sign-in with GitHub
  // or Google does not create one unless TANDEM_OPEN_SIGNUP is set; an
  // existing user still signs in with the provider.
  const disableSignUp = !config.TANDEM_OPEN_SIGNUP;
  const socialProviders: Record<
    string,
    { clientId: string; clientSecret: string; disableSignUp: boolean }
  > = {};
  if (config.GITHUB_CLIENT_ID && config.GITHUB_CLIENT_SECRET) {
    socialProviders.github = {
      clientId: config.GITHUB_CLIENT_ID,
      clientSecret: config.GITHUB_CLIENT_SECRET,
      disableSignUp,
    };
  }
  if (config.GOOGLE_CLIENT_ID && config.GOOGLE_CLIENT_SECRET) {
    socialProviders.google = {
      clientId: config.GOOGLE_CLIENT_ID,
      clientSecret: config.GOOGLE_CLIENT_SECRET,
      disableSignUp,
    };
  }
  return betterAuth({
    appName: 'Tandem',
    logger: authLogger(options.logger),
    secret: config.TANDEM_SECRET,
    baseURL: config.PUBLIC_URL,
    basePath: '/api/auth',
    database: drizzleAdapter(db, {
      provider: 'pg',
      schema: {
        user: users,
        session: authSessions,
        account: authAccounts,
        verification: authVerifications,
      },
    }),
    emailAndPassword: { enabled: true, minPasswordLength: 8 },
    socialProviders,
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    advanced: {
      database: { generateId: () => crypto.randomUUID() },
      useSecureCookies: config.PUBLIC_URL.startsWith('https://'),
    },
    // Remix serves everything from one origin; the login form posts through our action.
    trustedOrigins: [config.PUBLIC_URL],
    plugins: [
      magicLink({
        expiresIn: 300,
        disableSignUp: true,
        sendMagicLink: async ({ email, url }) => {
          await mailer.send({ to: email, kind: 'magic-link', ...magicLinkEmail({ url }) });
        },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** The social providers configured, for the login page. */
export function configuredProviders(config: AppConfig): Array<'github' | 'google'> {
  const providers: Array<'github' | 'google'> = [];
  if (config.GITHUB_CLIENT_ID && config.GITHUB_CLIENT_SECRET) providers.push('github');
  if (config.GOOGLE_CLIENT_ID && config.GOOGLE_CLIENT_SECRET) providers.push('google');
  return providers;
}
