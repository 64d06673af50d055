import { type ActionFunctionArgs, json } from '@remix-run/node';
import { runInvitationIntent } from '#app/assessments/invitation-intents.server.ts';
import { requireMember } from '#app/auth/guards.server.ts';

/**
 * Invitation forms outside an assessment's page post here (the candidates
 * list's "Invite a candidate", an invited candidate's resend and revoke).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, 'interviewer');
  const result = await runInvitationIntent(context, member, await request.formData());
  if (!result) return json({ errors: { form: 'Unknown action.' } }, { status: 400 });
  return json(result, { status: result.errors ? 400 : 200 });
}
