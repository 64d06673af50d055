import { and, desc, eq } from 'drizzle-orm';
import { inviteCandidate } from '../../app/assessments/candidate-invitations.server.ts';
import { candidates, emailOutbox, interviewSessions } from '../../db/schema/index.ts';
import { readSseEvents, type SseEvent } from '../../protocol/sse.ts';
import { TestClient } from './http.ts';
import type { TestStack } from './stack.ts';

/** The demo candidate starts their interview from the invitation, as a browser would. */
export async function startDemoInterview(stack: TestStack) {
  const token = stack.demo.inviteToken;
  if (!token) throw new Error('the demo invitation was already used in this stack');
  const { browser, candidateId, session } = await startInvitedInterview(stack, token);
  const [candidate] = await stack.database.db
    .select()
    .from(candidates)
    .where(eq(candidates.id, candidateId));
  return { browser, candidateId, session, candidate: candidate! };
}

/** All events of a text/event-stream response, in order. */
export async function readSse(response: Response): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  if (response.body) for await (const event of readSseEvents(response.body)) events.push(event);
  return events;
}

/** Invites a candidate to an assessment as the demo interviewer; the token comes from the e-mail. */
export async function inviteToAssessment(
  stack: TestStack,
  assessmentId: string,
  name: string,
  email: string,
) {
  const context = { services: stack.tandem.app.services };
  const [member] = await stack.database.db
    .select({ invitedById: candidates.invitedById })
    .from(candidates)
    .limit(1);
  const { candidateId } = await inviteCandidate(context, {
    organizationId: stack.demo.organizationId,
    assessmentId,
    invitedById: member!.invitedById!,
    name,
    email,
  });
  await stack.tandem.app.services.background.idle();
  // The latest e-mail: the same address may have been invited before.
  return { candidateId, token: await latestInviteToken(stack, email) };
}

/** Starts an invited candidate's interview from their invitation, as a browser would. */
export async function startInvitedInterview(stack: TestStack, token: string) {
  const browser = new TestClient(stack.baseUrl);
  const response = await browser.postForm(`/invite/${token}`, {});
  if (response.status !== 302)
    throw new Error(`starting the interview answered ${response.status}`);
  const candidateId = response.headers.get('location')!.split('/').pop()!;
  const [session] = await stack.database.db
    .select()
    .from(interviewSessions)
    .where(eq(interviewSessions.candidateId, candidateId));
  return { browser, candidateId, session: session! };
}

/** The token of the latest invitation e-mail to `email` (the outbox keeps them). */
export async function latestInviteToken(stack: TestStack, email: string): Promise<string> {
  const mails = await stack.database.db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.to, email), eq(emailOutbox.kind, 'candidate-invite')))
    .orderBy(desc(emailOutbox.createdAt));
  const token = mails[0] ? /\/invite\/([\w-]+)/.exec(mails[0].text)?.[1] : undefined;
  if (!token) throw new Error(`no invitation e-mail to ${email}`);
  return token;
}

/** Invites another candidate to the demo assessment and starts them from their e-mailed link. */
export async function startInvitedCandidate(stack: TestStack, name: string, email: string) {
  const context = { services: stack.tandem.app.services };
  const [demo] = await stack.database.db.select().from(candidates).limit(1);
  const { candidateId } = await inviteCandidate(context, {
    organizationId: stack.demo.organizationId,
    assessmentId: demo!.assessmentId,
    invitedById: demo!.invitedById!,
    name,
    email,
  });
  const token = await latestInviteToken(stack, email);
  const browser = new TestClient(stack.baseUrl);
  const response = await browser.postForm(`/invite/${token}`, {});
  if (response.status !== 302) throw new Error(`starting answered ${response.status}`);
  const [session] = await stack.database.db
    .select()
    .from(interviewSessions)
    .where(eq(interviewSessions.candidateId, candidateId));
  return { browser, candidateId, token, session: session! };
}
