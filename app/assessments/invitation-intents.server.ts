import type { AppLoadContext } from '@remix-run/node';
import type { MemberContext } from '#app/auth/guards.server.ts';
import { fieldErrors } from './assessments.server.ts';
import {
  candidateInviteInput,
  inviteCandidate,
  resendInvitation,
  revokeInvitation,
} from './candidate-invitations.server.ts';

/** What an invitation form gets back: field errors, or a notice and the new link to copy. */
export interface InvitationResult {
  errors?: Record<string, string>;
  notice?: string;
  /** The candidate's new link (shown with "Copy link" when e-mail is not configured or failed). */
  link?: string;
}

export const INVITATION_INTENTS = ['invite', 'resend', 'revoke'] as const;

function inviteNotice(to: string, status: string): string {
  if (status === 'sent') return `Invitation e-mailed to ${to}.`;
  if (status === 'failed') return `The e-mail to ${to} failed; the invitation is in the outbox.`;
  return `Invitation for ${to} is in the outbox (e-mail sending is not configured).`;
}

/**
 * Runs an invitation form's intent (invite, resend, revoke) for the member's
 * organization: the assessment page, the candidates list and a candidate's
 * page all post these. `assessmentId` fixes the assessment (its own page);
 * otherwise the form names it. Null when the intent is not an invitation's.
 */
export async function runInvitationIntent(
  context: AppLoadContext,
  member: MemberContext,
  form: FormData,
  assessmentId?: string,
): Promise<InvitationResult | null> {
  const organizationId = member.organization.id;
  switch (form.get('intent')) {
    case 'invite': {
      const chosen = assessmentId ?? String(form.get('assessmentId') ?? '');
      if (!chosen) return { errors: { assessmentId: 'Choose an assessment.' } };
      const parsed = candidateInviteInput.safeParse({
        name: form.get('name'),
        email: form.get('email'),
      });
      if (!parsed.success) return { errors: fieldErrors(parsed.error) };
      const { emailStatus, link } = await inviteCandidate(context, {
        organizationId,
        assessmentId: chosen,
        invitedById: member.user.id,
        ...parsed.data,
      });
      return { notice: inviteNotice(parsed.data.email, emailStatus), link };
    }
    case 'resend': {
      const { emailStatus, link } = await resendInvitation(
        context,
        organizationId,
        String(form.get('candidateId')),
      );
      return { notice: inviteNotice('the candidate', emailStatus), link };
    }
    case 'revoke':
      await revokeInvitation(context, organizationId, String(form.get('candidateId')));
      return { notice: 'Invitation revoked: the link no longer works.' };
    default:
      return null;
  }
}
