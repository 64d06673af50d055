import { eq } from 'drizzle-orm';
import { candidates, interviewSessions } from '../../db/schema/index.ts';
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

/** Parses a text/event-stream body into its events, in order. */
export async function readSse(
  response: Response,
): Promise<Array<{ event: string; data: unknown }>> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((frame) => frame.trim())
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? 'message';
      const data = frame
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      return { event, data: data ? JSON.parse(data) : null };
    });
}
