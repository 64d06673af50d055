import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectEvidence, type EvidenceInstant } from '../app/review/evidence.ts';
import { REVIEW_TOOL } from '../app/review/prompt.ts';
import { createRedactor } from '../app/review/redact.ts';
import { loadInterviewerChat } from '../app/review/run-review.server.ts';
import { openSessionReplay } from '../app/review/session-replay.ts';
import { loadSessionHistory } from '../db/history/load.ts';
import { aiReviewScores, aiReviews, users } from '../db/schema/index.ts';
import type { RecordedRequest } from './support/fake-anthropic.ts';
import { signedInClient } from './support/fixtures.ts';
import { DEMO_CANDIDATE, submitSignedSolution } from './support/review.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

/**
 * The interviewer–candidate chat (issue 14's room) as evidence of the AI
 * review, with the local Anthropic stand-in: its lines reach the model
 * redacted (the interviewer's and the candidate's names), and a citation of a
 * chat line holds at its instant — with the redacted text — and not elsewhere.
 */

const isReview = (r: RecordedRequest) => r.body.tools?.some((t) => t.name === REVIEW_TOOL);

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ assistant: true, env: { REVIEW_POLL_MS: '600000' } });
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

describe('the interviewer chat in the AI review', { timeout: 120_000 }, () => {
  it('is evidence, redacted, and citable at its instants', async () => {
    const [interviewer] = await stack.database.db
      .select({ name: users.name })
      .from(users)
      .where(eq(users.email, stack.demo.interviewerEmail));
    const interviewerName = interviewer!.name;
    const [firstName] = interviewerName.split(' ');
    expect(firstName!.length).toBeGreaterThanOrEqual(3);
    const member = await signedInClient(
      stack.baseUrl,
      stack.demo.interviewerEmail,
      stack.demo.password,
    );
    const asked = `Hi ${DEMO_CANDIDATE.name.split(' ')[0]}, I am ${interviewerName}. Walk me through your approach?`;
    const answered = `Sure ${firstName}: I will use a hash map for O(n) lookups.`;
    const { interview } = await submitSignedSolution(stack, async (started) => {
      const fromInterviewer = await member.postJson(
        `/api/candidates/${started.candidateId}/room-chat`,
        { text: asked },
      );
      expect(fromInterviewer.status).toBe(200);
      const fromCandidate = await started.browser.postJson(
        `/api/interview/${started.candidateId}/room-chat`,
        { text: answered },
      );
      expect(fromCandidate.status).toBe(200);
    });

    // The chat as the review reads it: both lines, with their authors.
    const chat = await loadInterviewerChat(stack.database.db, {
      sessionId: interview.session.id,
      candidateId: interview.candidateId,
      problemId: null,
    });
    expect(chat.map((line) => [line.from, line.authorName, line.text])).toEqual([
      ['interviewer', interviewerName, asked],
      ['candidate', DEMO_CANDIDATE.name, answered],
    ]);
    const history = await loadSessionHistory(stack.database.db, interview.session.id);
    const instants: EvidenceInstant[] = collectEvidence(
      openSessionReplay(history!),
      createRedactor({ ...DEMO_CANDIDATE, others: [interviewerName] }),
    ).instants;
    const chatInstants = instants.filter((i) => i.kind === 'interviewer-chat');
    expect(chatInstants.map((i) => [i.label, i.text])).toEqual([
      ['Interviewer said', 'Hi [candidate], I am [person]. Walk me through your approach?'],
      [
        'Candidate said to the interviewer',
        'Sure [person]: I will use a hash map for O(n) lookups.',
      ],
    ]);
    const [question, answer] = chatInstants;

    stack.anthropic!.script({
      toolUse: {
        name: REVIEW_TOOL,
        input: {
          summary: 'Explained the approach when asked.',
          dimensions: [
            {
              key: 'communication',
              score: 4,
              reasoning: 'Answered the interviewer clearly.',
              citations: [
                { t: answer!.t, quote: 'I will use a hash map for O(n) lookups' },
                { t: question!.t, quote: 'I am [person]. Walk me through your approach?' },
                // The real name was never shown to the model: this quote is not in the redacted replay.
                { t: answer!.t, quote: `Sure ${firstName}` },
                // Words nobody wrote in the chat.
                { t: answer!.t, quote: 'I will use binary search' },
              ],
            },
          ],
        },
      },
    });
    const before = stack.anthropic!.requests.length;
    await stack.tandem.app.reviews.tick();
    const requests = stack.anthropic!.requests.slice(before).filter(isReview);
    expect(requests).toHaveLength(1);
    const body = JSON.stringify(requests[0]!.body);
    expect(body).toContain(`[t=${question!.t}] Interviewer said`);
    expect(body).toContain('Hi [candidate], I am [person]. Walk me through your approach?');
    expect(body).toContain(`[t=${answer!.t}] Candidate said to the interviewer`);
    expect(body).toContain('Sure [person]: I will use a hash map for O(n) lookups.');
    for (const name of [...interviewerName.split(' '), ...DEMO_CANDIDATE.name.split(' ')]) {
      expect(body).not.toMatch(new RegExp(`\\b${name}\\b`, 'i'));
    }

    const [review] = await stack.database.db
      .select()
      .from(aiReviews)
      .where(eq(aiReviews.candidateId, interview.candidateId));
    expect(review!.status).toBe('done');
    const [communication] = await stack.database.db
      .select()
      .from(aiReviewScores)
      .where(eq(aiReviewScores.reviewId, review!.id));
    expect(communication!.support).toBe('less-supported');
    expect(communication!.citations.map((c) => [c.t, c.quote])).toEqual([
      [answer!.t, 'I will use a hash map for O(n) lookups'],
      [question!.t, 'I am [person]. Walk me through your approach?'],
    ]);
    expect(communication!.droppedCitations.map((c) => [c.quote, c.reason])).toEqual([
      [`Sure ${firstName}`, 'the replay does not show the quote at that instant'],
      ['I will use binary search', 'the replay does not show the quote at that instant'],
    ]);
  });
});
