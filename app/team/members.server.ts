import type { AppLoadContext } from '@remix-run/node';
import { and, asc, count, desc, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import {
  auditLog,
  memberships,
  organizationInvitations,
  organizations,
  users,
} from '../../db/schema/index.ts';
import { createInviteToken, hashInviteToken } from '../../protocol/invite-token.ts';
import { hasMemberRole, MEMBER_ROLES, type MemberRole } from '../../protocol/roles.ts';
import type { MemberContext } from '../auth/guards.server.ts';
import { memberInviteEmail } from '../email/templates.ts';

export const memberInviteInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('Enter a valid e-mail address.')),
  role: z.enum(MEMBER_ROLES, { message: 'Choose a role.' }),
});

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

function refuse(status: number, message: string): never {
  throw new Response(message, { status });
}

/** Only owners hand out or take away ownership; admins manage everyone else. */
function assertMayAssign(actor: MemberContext, from: MemberRole | null, to: MemberRole | null) {
  if (!hasMemberRole(actor.role, 'admin')) refuse(403, 'Only admins and owners manage the team.');
  if ((from === 'owner' || to === 'owner') && actor.role !== 'owner') {
    refuse(403, 'Only an owner can grant or remove the owner role.');
  }
}

async function ownerCount(db: Database, organizationId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, 'owner')));
  return row?.n ?? 0;
}

async function audit(
  db: Database,
  actor: MemberContext,
  action: string,
  target: { type: string; id: string | null },
  data: Record<string, unknown>,
) {
  await db.insert(auditLog).values({
    organizationId: actor.organization.id,
    actorId: actor.user.id,
    action,
    targetType: target.type,
    targetId: target.id,
    data,
  });
}

async function membership(db: Database, organizationId: string, membershipId: string) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.id, membershipId), eq(memberships.organizationId, organizationId)));
  return row ?? refuse(404, 'Member not found.');
}

/** Changes a member's role; the last owner cannot be demoted. Recorded in the audit log. */
export async function changeMemberRole(
  db: Database,
  actor: MemberContext,
  membershipId: string,
  role: MemberRole,
) {
  const target = await membership(db, actor.organization.id, membershipId);
  if (target.role === role) return;
  assertMayAssign(actor, target.role, role);
  if (target.role === 'owner' && (await ownerCount(db, actor.organization.id)) <= 1) {
    refuse(409, 'The organization needs at least one owner: make someone else owner first.');
  }
  await db.update(memberships).set({ role }).where(eq(memberships.id, membershipId));
  await audit(
    db,
    actor,
    'member.role_changed',
    { type: 'membership', id: membershipId },
    {
      userId: target.userId,
      from: target.role,
      to: role,
    },
  );
}

/** Removes a member; the last owner cannot be removed. Recorded in the audit log. */
export async function removeMember(db: Database, actor: MemberContext, membershipId: string) {
  const target = await membership(db, actor.organization.id, membershipId);
  assertMayAssign(actor, target.role, null);
  if (target.role === 'owner' && (await ownerCount(db, actor.organization.id)) <= 1) {
    refuse(409, 'The last owner cannot be removed.');
  }
  await db.delete(memberships).where(eq(memberships.id, membershipId));
  await audit(
    db,
    actor,
    'member.removed',
    { type: 'membership', id: membershipId },
    {
      userId: target.userId,
      role: target.role,
    },
  );
}

/** Invites a person by e-mail with a role; they join through a single-use link. */
export async function inviteMember(
  context: AppLoadContext,
  actor: MemberContext,
  input: z.infer<typeof memberInviteInput>,
) {
  const db = context.services.database.db;
  assertMayAssign(actor, null, input.role);
  const [existing] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(eq(memberships.organizationId, actor.organization.id), eq(users.email, input.email)),
    );
  if (existing) refuse(409, `${input.email} is already a member.`);
  const token = createInviteToken();
  const [invitation] = await db
    .insert(organizationInvitations)
    .values({
      organizationId: actor.organization.id,
      email: input.email,
      role: input.role,
      tokenHash: hashInviteToken(token),
      invitedById: actor.user.id,
      expiresAt: new Date(Date.now() + INVITE_TTL_MS),
    })
    .returning({ id: organizationInvitations.id });
  const url = `${context.services.config.PUBLIC_URL.replace(/\/$/, '')}/join/${token}`;
  const sent = await context.services.mailer.send({
    to: input.email,
    kind: 'member-invite',
    organizationId: actor.organization.id,
    ...memberInviteEmail({ organizationName: actor.organization.name, role: input.role, url }),
  });
  await audit(
    db,
    actor,
    'member.invited',
    { type: 'invitation', id: invitation!.id },
    {
      email: input.email,
      role: input.role,
    },
  );
  return { emailStatus: sent.status, link: url };
}

export async function revokeMemberInvitation(
  db: Database,
  actor: MemberContext,
  invitationId: string,
) {
  assertMayAssign(actor, null, null);
  const [row] = await db
    .update(organizationInvitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(organizationInvitations.id, invitationId),
        eq(organizationInvitations.organizationId, actor.organization.id),
        isNull(organizationInvitations.acceptedAt),
      ),
    )
    .returning({ email: organizationInvitations.email });
  if (!row) refuse(404, 'Invitation not found.');
  await audit(
    db,
    actor,
    'member.invitation_revoked',
    { type: 'invitation', id: invitationId },
    { email: row.email },
  );
}

export async function renameOrganization(db: Database, actor: MemberContext, name: string) {
  if (!hasMemberRole(actor.role, 'admin'))
    refuse(403, 'Only admins and owners can rename the organization.');
  const trimmed = name.trim();
  if (trimmed.length < 2 || trimmed.length > 80)
    refuse(400, 'The name must have 2 to 80 characters.');
  await db
    .update(organizations)
    .set({ name: trimmed })
    .where(eq(organizations.id, actor.organization.id));
  await audit(
    db,
    actor,
    'organization.renamed',
    { type: 'organization', id: actor.organization.id },
    {
      from: actor.organization.name,
      to: trimmed,
    },
  );
}

/** Members, pending invitations and the latest audit entries, for the team page. */
export async function teamOverview(db: Database, organizationId: string) {
  const [members, invitations, entries] = await Promise.all([
    db
      .select({
        id: memberships.id,
        role: memberships.role,
        userId: users.id,
        name: users.name,
        email: users.email,
        since: memberships.createdAt,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.organizationId, organizationId))
      .orderBy(asc(memberships.createdAt)),
    db
      .select({
        id: organizationInvitations.id,
        email: organizationInvitations.email,
        role: organizationInvitations.role,
        expiresAt: organizationInvitations.expiresAt,
      })
      .from(organizationInvitations)
      .where(
        and(
          eq(organizationInvitations.organizationId, organizationId),
          isNull(organizationInvitations.acceptedAt),
          isNull(organizationInvitations.revokedAt),
          gt(organizationInvitations.expiresAt, new Date()),
        ),
      ),
    db
      .select({
        id: auditLog.id,
        action: auditLog.action,
        data: auditLog.data,
        createdAt: auditLog.createdAt,
        actorName: users.name,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(eq(auditLog.organizationId, organizationId))
      .orderBy(desc(auditLog.createdAt))
      .limit(30),
  ]);
  return { members, invitations, audit: entries };
}
