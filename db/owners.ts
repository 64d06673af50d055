import { randomBytes } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import { count, eq, sql } from 'drizzle-orm';
import type { Database } from './client.ts';
import { authAccounts, memberships, organizations, users } from './schema/index.ts';

export type OwnerErrorCode =
  | 'INVALID_EMAIL'
  | 'INVALID_NAME'
  | 'PASSWORD_TOO_SHORT'
  | 'USER_EXISTS'
  | 'SETUP_CLOSED';

/** The owner cannot be created; the message says what to change. */
export class OwnerError extends Error {
  readonly code: OwnerErrorCode;
  constructor(code: OwnerErrorCode, message: string) {
    super(message);
    this.name = 'OwnerError';
    this.code = code;
  }
}

export const MIN_PASSWORD_LENGTH = 8;

export interface NewOwner {
  email: string;
  /** At least 8 characters; generated (and returned) when absent. */
  password?: string | undefined;
  /** Defaults to the part of the e-mail address before the @. */
  name?: string | undefined;
  /** Defaults to "<Name>'s team". */
  organizationName?: string | undefined;
  /** Only while the database has no user at all (the first-run page). */
  onlyIfNoUsers?: boolean;
}

export interface CreatedOwner {
  userId: string;
  organizationId: string;
  email: string;
  password: string;
  /** True when the password was generated here (print it once). */
  generatedPassword: boolean;
}

/** Serializes owner creation, so two first-run submissions cannot both find no user. */
const OWNER_LOCK_KEY = 0x6f776e72; // "ownr"

/** True while nobody can sign in yet: the first-run page is open. */
export async function hasNoUsers(db: Database): Promise<boolean> {
  const [row] = await db.select({ users: count() }).from(users);
  return (row?.users ?? 0) === 0;
}

/**
 * Creates a user with an e-mail/password sign-in, a new organization, and the
 * user as its owner, in one transaction. The way in on a fresh deployment
 * where sign-up is closed and no demo is seeded: `npm run admin --
 * create-owner` and the first-run page /setup.
 */
export async function createOwner(db: Database, input: NewOwner): Promise<CreatedOwner> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) {
    throw new OwnerError('INVALID_EMAIL', `"${input.email}" is not an e-mail address.`);
  }
  const generatedPassword = !input.password;
  const password = input.password || randomBytes(12).toString('base64url');
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new OwnerError(
      'PASSWORD_TOO_SHORT',
      `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`,
    );
  }
  const name = (input.name ?? '').trim() || email.split('@')[0]!;
  if (name.length > 200) throw new OwnerError('INVALID_NAME', 'The name is too long.');
  const organizationName = (input.organizationName ?? '').trim() || `${name}'s team`;
  const passwordHash = await hashPassword(password);

  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${OWNER_LOCK_KEY})`);
    if (input.onlyIfNoUsers) {
      const [row] = await tx.select({ users: count() }).from(users);
      if ((row?.users ?? 0) > 0) {
        throw new OwnerError(
          'SETUP_CLOSED',
          'This server already has users: ask an owner to invite you, or sign in.',
        );
      }
    }
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) {
      throw new OwnerError('USER_EXISTS', `${email} already has an account.`);
    }
    const [user] = await tx
      .insert(users)
      .values({ name, email, emailVerified: true })
      .returning({ id: users.id });
    const userId = user!.id;
    await tx
      .insert(authAccounts)
      .values({ userId, accountId: userId, providerId: 'credential', password: passwordHash });
    const [organization] = await tx
      .insert(organizations)
      .values({ name: organizationName, slug: await freeSlug(tx, organizationName) })
      .returning({ id: organizations.id });
    await tx
      .insert(memberships)
      .values({ organizationId: organization!.id, userId, role: 'owner' });
    return {
      userId,
      organizationId: organization!.id,
      email,
      password,
      generatedPassword,
    };
  });
}

async function freeSlug(db: Pick<Database, 'select'>, name: string): Promise<string> {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'team';
  for (let suffix = 0; ; suffix++) {
    const slug = suffix === 0 ? base : `${base}-${suffix + 1}`;
    const [taken] = await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.slug, slug));
    if (!taken) return slug;
  }
}
