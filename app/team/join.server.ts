import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  auditLog,
  memberships,
  organizationInvitations,
  organizations,
} from '../../db/schema/index.ts';
import { hashInviteToken } from '../../protocol/invite-token.ts';

/** A pending team invitation by its link token, or null when unknown, used, revoked or expired. */
export async function findMemberInvitation(db: Database, token: string) {
  const [row] = await db
    .select({ invitation: organizationInvitations, organizationName: organizations.name })
    .from(organizationInvitations)
    .innerJoin(organizations, eq(organizations.id, organizationInvitations.organizationId))
    .where(
      and(
        eq(organizationInvitations.tokenHash, hashInviteToken(token)),
        isNull(organizationInvitations.acceptedAt),
        isNull(organizationInvitations.revokedAt),
        gt(organizationInvitations.expiresAt, new Date()),
      ),
    );
  return row ?? null;
}

/**
 * Accepts a team invitation for a signed-in user whose e-mail matches it:
 * marks it used (once) and creates the membership, in one transaction.
 */
export async function acceptMemberInvitation(
  db: Database,
  token: string,
  user: { id: string; email: string },
): Promise<'joined' | 'wrong-user' | 'invalid'> {
  const found = await findMemberInvitation(db, token);
  if (!found) return 'invalid';
  if (found.invitation.email !== user.email.toLowerCase()) return 'wrong-user';
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(organizationInvitations)
      .set({ acceptedAt: new Date() })
      .where(
        and(
          eq(organizationInvitations.id, found.invitation.id),
          isNull(organizationInvitations.acceptedAt),
        ),
      )
      .returning();
    if (!claimed) return 'invalid';
    await tx
      .insert(memberships)
      .values({ organizationId: claimed.organizationId, userId: user.id, role: claimed.role })
      .onConflictDoUpdate({
        target: [memberships.organizationId, memberships.userId],
        set: { role: claimed.role },
      });
    await tx.insert(auditLog).values({
      organizationId: claimed.organizationId,
      actorId: user.id,
      action: 'member.joined',
      targetType: 'invitation',
      targetId: claimed.id,
      data: { role: claimed.role, email: claimed.email },
    });
    return 'joined';
  });
}
