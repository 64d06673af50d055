import { type AppLoadContext, redirect } from '@remix-run/node';
import { and, asc, eq } from 'drizzle-orm';
import { authSessions, memberships, organizations } from '../../db/schema/index.ts';
import { hasMemberRole, type MemberRole } from '../../protocol/roles.ts';

export interface SignedInUser {
  id: string;
  name: string;
  email: string;
}

export interface MemberContext {
  user: SignedInUser;
  organization: { id: string; name: string; slug: string };
  role: MemberRole;
}

/** The signed-in hiring-team user, or null. */
export async function getSignedInUser(
  request: Request,
  context: AppLoadContext,
): Promise<{ user: SignedInUser; activeOrganizationId: string | null } | null> {
  const result = await context.services.auth.api.getSession({ headers: request.headers });
  if (!result) return null;
  const session = result.session as { activeOrganizationId?: string | null };
  return {
    user: { id: result.user.id, name: result.user.name, email: result.user.email },
    activeOrganizationId: session.activeOrganizationId ?? null,
  };
}

/** The signed-in user, or a redirect to the login page that comes back here. */
export async function requireUser(request: Request, context: AppLoadContext) {
  const signedIn = await getSignedInUser(request, context);
  if (!signedIn) {
    const url = new URL(request.url);
    const redirectTo = `${url.pathname}${url.search}`;
    throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  return signedIn;
}

/**
 * The signed-in user's membership in their active organization, with at least
 * `minimumRole`. Every loader and action of the management pages starts here;
 * roles are enforced on the server, not only hidden in the UI.
 */
export async function requireMember(
  request: Request,
  context: AppLoadContext,
  minimumRole: MemberRole = 'viewer',
): Promise<MemberContext> {
  const { user, activeOrganizationId } = await requireUser(request, context);
  const db = context.services.database.db;
  const rows = await db
    .select({
      role: memberships.role,
      organization: { id: organizations.id, name: organizations.name, slug: organizations.slug },
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, user.id))
    .orderBy(asc(memberships.createdAt));
  const membership = rows.find((row) => row.organization.id === activeOrganizationId) ?? rows[0];
  if (!membership) {
    throw new Response(
      'You are not a member of any organization yet. Ask an admin for an invitation.',
      {
        status: 403,
      },
    );
  }
  if (!hasMemberRole(membership.role, minimumRole)) {
    throw new Response(
      `This needs the ${minimumRole} role or higher; you are ${membership.role}.`,
      {
        status: 403,
      },
    );
  }
  return { user, organization: membership.organization, role: membership.role };
}

/** The user's role in a given organization, or null when not a member. */
export async function roleInOrganization(
  context: AppLoadContext,
  userId: string,
  organizationId: string,
): Promise<MemberRole | null> {
  const [row] = await context.services.database.db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.organizationId, organizationId)));
  return row?.role ?? null;
}

/** Makes an organization the active one in every sign-in session of a user (after joining it). */
export async function setActiveOrganization(
  context: AppLoadContext,
  userId: string,
  organizationId: string,
) {
  await context.services.database.db
    .update(authSessions)
    .set({ activeOrganizationId: organizationId })
    .where(eq(authSessions.userId, userId));
}
