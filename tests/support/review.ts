import { collectEvidence, type EvidenceInstant } from '../../app/review/evidence.ts';
import { REVIEW_TOOL } from '../../app/review/prompt.ts';
import { createRedactor } from '../../app/review/redact.ts';
import { openSessionReplay } from '../../app/review/session-replay.ts';
import { loadSessionHistory } from '../../db/history/load.ts';
import { DEMO_PROBLEMS } from '../../db/seed/problems.ts';
import { startDemoInterview } from './candidate.ts';
import { connectToSession, eventually } from './collab-client.ts';
import type { ScriptedReply } from './fake-anthropic.ts';
import type { TestStack } from './stack.ts';

export const DEMO_CANDIDATE = { name: 'Ada Lovelace', email: 'ada@candidate.local' };
export const TWO_SUM_SOLUTION = DEMO_PROBLEMS[0]!.referenceSolution[0]!.content;

type DemoInterview = Awaited<ReturnType<typeof startDemoInterview>>;

/**
 * The demo candidate solves Two Sum with their name in a comment and submits;
 * returns the interview and the evidence instants a review of it sees.
 */
export async function submitSignedSolution(
  stack: TestStack,
  during?: (interview: DemoInterview) => Promise<void>,
) {
  const interview = await startDemoInterview(stack);
  await during?.(interview);
  const writer = await connectToSession(stack, interview.session, {
    role: 'candidate',
    subject: interview.candidateId,
  });
  writer.write('solution.ts', `// Solution by ${DEMO_CANDIDATE.name}\n${TWO_SUM_SOLUTION}`);
  const check = await connectToSession(stack, interview.session, {
    role: 'service',
    subject: 'check',
  });
  await eventually(() => check.read('solution.ts')?.includes('Lovelace'), 'the edit arrived');
  check.close();
  writer.close();
  const submit = await interview.browser.postJson(`/api/interview/${interview.candidateId}/submit`);
  if (submit.status !== 200) throw new Error(`submitting answered ${submit.status}`);
  return { interview, instants: await evidenceInstants(stack, interview.session.id) };
}

/** The evidence instants of a session, redacted as the review redacts them. */
export async function evidenceInstants(
  stack: TestStack,
  sessionId: string,
): Promise<EvidenceInstant[]> {
  const history = await loadSessionHistory(stack.database.db, sessionId);
  if (!history) throw new Error('no history');
  return collectEvidence(openSessionReplay(history), createRedactor(DEMO_CANDIDATE)).instants;
}

/** A line of the submitted solution, as a code citation would quote it. */
export const MAP_LINE = TWO_SUM_SOLUTION.split('\n')
  .find((line) => line.includes('new Map'))!
  .trim();

/**
 * The stand-in's review of that interview: valid citations (the submitted
 * code, the chat), one at an instant after the session, one quoting text
 * that was never there, and a dimension outside the rubric.
 */
export function scriptedReview(instants: EvidenceInstant[]): ScriptedReply {
  const submitted = instants.find((i) => i.label === 'Code at submission')!;
  const prompt = instants.find((i) => i.kind === 'ai-prompt') ?? submitted;
  const mapLine = MAP_LINE;
  return {
    toolUse: {
      name: REVIEW_TOOL,
      input: {
        summary: 'Solved Two Sum with a hash map after asking the AI.',
        dimensions: [
          {
            key: 'problem_solving',
            score: 4,
            reasoning: 'Linear-time approach.',
            citations: [
              { t: submitted.t, quote: mapLine, path: 'solution.ts' },
              { t: submitted.t + 3_600_000, quote: mapLine },
            ],
          },
          {
            key: 'code_quality',
            score: 4,
            reasoning: 'Short and clear.',
            citations: [{ t: submitted.t, quote: mapLine, path: 'solution.ts' }],
          },
          {
            key: 'testing',
            score: 2,
            reasoning: 'Wrote extra edge-case tests.',
            citations: [{ t: submitted.t, quote: 'it("handles negative numbers"' }],
          },
          {
            key: 'communication',
            score: 3,
            reasoning: 'Introduced themselves to the assistant.',
            citations: [{ t: prompt.t, quote: 'Hi, I am [candidate] ([email])' }],
          },
          { key: 'use_of_ai', score: 3, reasoning: 'One question.', citations: [] },
          { key: 'not_in_rubric', score: 5, reasoning: 'Ignored.', citations: [] },
        ],
      },
    },
    inputTokens: 12_000,
    outputTokens: 900,
  };
}
