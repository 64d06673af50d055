import { eq } from 'drizzle-orm';
import { candidates, interviewSessions } from '../../db/schema/index.ts';
import { readSseEvents, type SseEvent } from '../../protocol/sse.ts';
import { TestClient } from './http.ts';
import type { TestStack } from './stack.ts';

/** The demo candidate starts their interview from the invitation, as a browser would. */
export async function startDemoInterview(stack: TestStack) {
  const token = stack.demo.inviteToken;
  if (!token) throw new Error('the demo invitation was already used in this stack');
  const browser = new TestClient(stack.baseUrl);
  const response = await browser.postForm(`/invite/${token}`, {});
  if (response.status !== 302)
    throw new Error(`starting the interview answered ${response.status}`);
  const candidateId = response.headers.get('location')!.split('/').pop()!;
  const [session] = await stack.database.db
    .select()
    .from(interviewSessions)
    .where(eq(interviewSessions.candidateId, candidateId));
  const [candidate] = await stack.database.db
    .select()
    .from(candidates)
    .where(eq(candidates.id, candidateId));
  return { browser, candidateId, session: session!, candidate: candidate! };
}

/** All events of a text/event-stream response, in order. */
export async function readSse(response: Response): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  if (response.body) for await (const event of readSseEvents(response.body)) events.push(event);
  return events;
}
