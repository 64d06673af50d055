import type { AppLoadContext } from '@remix-run/node';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { assessments, candidates, organizations } from '../../db/schema/index.ts';
import { createInviteToken, hashInviteToken } from '../../protocol/invite-token.ts';
import { candidateInviteEmail } from '../email/templates.ts';
import { prepareCandidateVariant } from './candidate-variants.server.ts';

/** How long an invitation link stays valid. */
export const INVITE_TTL_DAYS = 7;

export const candidateInviteInput = z.object({
  name: z.string().trim().min(1, 'Enter the candidate’s name.').max(120),
  email: z.string().trim().toLowerCase().pipe(z.email('Enter a valid e-mail address.')),
});

/** The address a candidate opens to start; shown to the team with a "Copy link" button. */
function inviteLink(context: AppLoadContext, token: string): string {
  return `${context.services.config.PUBLIC_URL.replace(/\/$/, '')}/invite/${token}`;
}

/** E-mails a candidate their invitation link (or puts it in the outbox). */
export async function sendInvite(
  context: AppLoadContext,
  candidateId: string,
  token: string,
): Promise<'outbox' | 'sent' | 'failed'> {
  const db = context.services.database.db;
  const [row] = await db
    .select({
      candidate: candidates,
      assessment: assessments,
      organizationName: organizations.name,
    })
    .from(candidates)
    .innerJoin(assessments, eq(assessments.id, candidates.assessmentId))
    .innerJoin(organizations, eq(organizations.id, candidates.organizationId))
    .where(eq(candidates.id, candidateId));
  if (!row) throw new Response('Candidate not found.', { status: 404 });
  const url = inviteLink(context, token);
  const sent = await context.services.mailer.send({
    to: row.candidate.email,
    kind: 'candidate-invite',
    organizationId: row.candidate.organizationId,
    ...candidateInviteEmail({
      candidateName: row.candidate.name,
      organizationName: row.organizationName,
      assessmentTitle: row.assessment.title,
      durationMinutes: row.assessment.durationMinutes,
      url,
      expiresAt: row.candidate.inviteExpiresAt ?? new Date(),
    }),
  });
  return sent.status;
}

function expiry(): Date {
  return new Date(Date.now() + INVITE_TTL_DAYS * 24 * 3600 * 1000);
}

/** A new, unused invitation token and the candidate columns that make it the only valid link. */
export function freshInviteLink() {
  const token = createInviteToken();
  return {
    token,
    fields: {
      inviteTokenHash: hashInviteToken(token),
      inviteExpiresAt: expiry(),
      inviteUsedAt: null,
      inviteRevokedAt: null,
    },
  };
}

/** Invites a candidate to an assessment: a single-use, expiring link by e-mail. */
export async function inviteCandidate(
  context: AppLoadContext,
  input: {
    organizationId: string;
    assessmentId: string;
    invitedById: string;
    name: string;
    email: string;
  },
) {
  const db = context.services.database.db;
  const [assessment] = await db
    .select({
      id: assessments.id,
      archivedAt: assessments.archivedAt,
      variantPerCandidate: assessments.variantPerCandidate,
    })
    .from(assessments)
    .where(
      and(
        eq(assessments.id, input.assessmentId),
        eq(assessments.organizationId, input.organizationId),
      ),
    );
  if (!assessment) throw new Response('Assessment not found.', { status: 404 });
  if (assessment.archivedAt) throw new Response('This assessment is archived.', { status: 409 });
  const token = createInviteToken();
  const [row] = await db
    .insert(candidates)
    .values({
      organizationId: input.organizationId,
      assessmentId: input.assessmentId,
      name: input.name,
      email: input.email,
      invitedById: input.invitedById,
      inviteTokenHash: hashInviteToken(token),
      inviteExpiresAt: expiry(),
    })
    .returning({ id: candidates.id });
  const emailStatus = await sendInvite(context, row!.id, token);
  // A candidate's own variant, when the assessment asks for one: made after the response.
  if (assessment.variantPerCandidate) {
    context.services.background.run('candidate-variant', () =>
      prepareCandidateVariant(context, row!.id),
    );
  }
  return { candidateId: row!.id, emailStatus, link: inviteLink(context, token) };
}

/** A new link for a candidate who has not started; the old link stops working. */
export async function resendInvitation(
  context: AppLoadContext,
  organizationId: string,
  candidateId: string,
) {
  const { token, fields } = freshInviteLink();
  const [row] = await context.services.database.db
    .update(candidates)
    .set({ ...fields, invitedAt: new Date() })
    .where(
      and(
        eq(candidates.id, candidateId),
        eq(candidates.organizationId, organizationId),
        eq(candidates.status, 'INVITED'),
      ),
    )
    .returning({ id: candidates.id });
  if (!row)
    throw new Response('Only a candidate who has not started can get a new link.', { status: 409 });
  const emailStatus = await sendInvite(context, candidateId, token);
  return { emailStatus, link: inviteLink(context, token) };
}

/** Withdraws an unused invitation. */
export async function revokeInvitation(
  context: AppLoadContext,
  organizationId: string,
  candidateId: string,
) {
  const [row] = await context.services.database.db
    .update(candidates)
    .set({ inviteRevokedAt: new Date() })
    .where(
      and(
        eq(candidates.id, candidateId),
        eq(candidates.organizationId, organizationId),
        eq(candidates.status, 'INVITED'),
      ),
    )
    .returning({ id: candidates.id });
  if (!row)
    throw new Response('Only an invitation that was not used can be revoked.', { status: 409 });
}
