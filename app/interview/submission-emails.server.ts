import type { AppLoadContext } from '@remix-run/node';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { assessments, type candidates, organizations, users } from '../../db/schema/index.ts';
import { submissionCandidateEmail, submissionInterviewerEmail } from '../email/templates.ts';
import type { Scores } from '../scoring/scores.ts';

/** The outbox key of a submission's mail: one confirmation per session, ever. */
export const submissionEmailKey = (kind: 'candidate' | 'interviewer', sessionId: string) =>
  `submission-${kind}:${sessionId}`;

/**
 * Queues the two submission e-mails (the candidate's confirmation, the
 * inviter's notice) in the submission's transaction and returns their
 * outbox keys, for delivery after the commit.
 */
export async function queueSubmissionEmails(
  context: AppLoadContext,
  tx: Pick<Database, 'insert' | 'select'>,
  sessionId: string,
  candidate: typeof candidates.$inferSelect,
  scores: Scores,
): Promise<string[]> {
  const { mailer, config } = context.services;
  const [assessment] = await tx
    .select({ title: assessments.title })
    .from(assessments)
    .where(eq(assessments.id, candidate.assessmentId));
  const [organization] = await tx
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, candidate.organizationId));
  const keys = [submissionEmailKey('candidate', sessionId)];
  await mailer.queue(
    tx,
    {
      to: candidate.email,
      kind: 'submission-candidate',
      organizationId: candidate.organizationId,
      ...submissionCandidateEmail({
        candidateName: candidate.name,
        organizationName: organization?.name ?? 'the hiring team',
      }),
    },
    keys[0]!,
  );
  if (!candidate.invitedById) return keys;
  const [inviter] = await tx
    .select({ email: users.email })
    .from(users)
    .where(eq(users.id, candidate.invitedById));
  if (!inviter) return keys;
  keys.push(submissionEmailKey('interviewer', sessionId));
  await mailer.queue(
    tx,
    {
      to: inviter.email,
      kind: 'submission-interviewer',
      organizationId: candidate.organizationId,
      ...submissionInterviewerEmail({
        candidateName: candidate.name,
        assessmentTitle: assessment?.title ?? 'the assessment',
        score: scores.overallScore,
        url: `${config.PUBLIC_URL.replace(/\/$/, '')}/candidates/${candidate.id}`,
      }),
    },
    keys[1]!,
  );
  return keys;
}
