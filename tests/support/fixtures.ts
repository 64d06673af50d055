import { hashPassword } from 'better-auth/crypto';
import type { Database } from '../../db/client.ts';
import { authAccounts, memberships, organizations, users } from '../../db/schema/index.ts';
import type { MemberRole } from '../../protocol/roles.ts';
import { TestClient } from './http.ts';

export const FIXTURE_PASSWORD = 'fixture-password-1';

/** A user with a password and a membership in an organization. */
export async function createMember(
  db: Database,
  organizationId: string,
  role: MemberRole,
  email = `${role}-${crypto.randomUUID().slice(0, 8)}@example.com`,
) {
  const [user] = await db
    .insert(users)
    .values({
      name: `${role[0]!.toUpperCase()}${role.slice(1)} ${email.split('@')[0]}`,
      email,
      emailVerified: true,
    })
    .returning();
  await db.insert(authAccounts).values({
    userId: user!.id,
    accountId: user!.id,
    providerId: 'credential',
    password: await hashPassword(FIXTURE_PASSWORD),
  });
  await db.insert(memberships).values({ organizationId, userId: user!.id, role });
  return user!;
}

/** Another organization with an owner, to check that nothing crosses over. */
export async function createOrganization(db: Database, name: string) {
  const [organization] = await db
    .insert(organizations)
    .values({
      name,
      slug: `${name.toLowerCase().replace(/\W+/g, '-')}-${crypto.randomUUID().slice(0, 6)}`,
    })
    .returning();
  const owner = await createMember(db, organization!.id, 'owner');
  return { organization: organization!, owner };
}

/** A browser-like client signed in with e-mail and password. */
export async function signedInClient(baseUrl: string, email: string, password = FIXTURE_PASSWORD) {
  const client = new TestClient(baseUrl);
  const response = await client.postForm('/login', { intent: 'password', email, password });
  if (response.status !== 302)
    throw new Error(`sign-in as ${email} failed with ${response.status}`);
  return client;
}
