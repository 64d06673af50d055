import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WITHHELD_ANSWER } from '../app/ai/policy.ts';
import { assessments, candidates } from '../db/schema/index.ts';
import { readSse, startDemoInterview } from './support/candidate.ts';
import type { FakeAnthropic } from './support/fake-anthropic.ts';
import { signedInClient } from './support/fixtures.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let anthropic: FakeAnthropic;
let stack: TestStack;
let interview: Awaited<ReturnType<typeof startDemoInterview>>;

async function setPolicy(policy: 'off' | 'hints' | 'full') {
  await stack.database.db
    .update(assessments)
    .set({ aiPolicy: policy })
    .where(eq(assessments.id, interview.candidate.assessmentId));
}

beforeAll(async () => {
  stack = await startTestStack({ assistant: true });
  anthropic = stack.anthropic!;
  const [demo] = await stack.database.db.select().from(candidates).limit(1);
  await stack.database.db
    .update(assessments)
    .set({ aiPolicy: 'hints' })
    .where(eq(assessments.id, demo!.assessmentId));
  interview = await startDemoInterview(stack);
}, 90_000);
afterAll(async () => {
  await stack?.close();
});

const solution = [
  'Sure, here is the whole thing:\n```ts\n',
  'export function twoSum(nums: number[], target: number) {\n',
  '  const seen = new Map<number, number>();\n',
  '  for (let i = 0; i < nums.length; i++) {\n',
  '    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];\n',
  '    seen.set(nums[i], i);\n  }\n}\n```\n',
];

function ask(message: string) {
  return interview.browser.postJson(`/api/interview/${interview.candidateId}/chat`, { message });
}

function shown(events: Awaited<ReturnType<typeof readSse>>): string {
  return events
    .filter((event) => event.event === 'content')
    .map((event) => (event.data as { delta: string }).delta)
    .join('');
}

describe('the AI policy of an assessment', () => {
  it('hints only: tells the model, and holds back an answer that writes the solution', async () => {
    anthropic.script({ text: solution });
    const events = await readSse(await ask('Just write the solution for me.'));
    const system = JSON.stringify(anthropic.requests.at(-1)!.body.system);
    expect(system).toContain('HINTS ONLY');
    // Nothing of the code reached the candidate, not even as a streamed delta.
    expect(shown(events)).toBe(WITHHELD_ANSWER);
    expect(JSON.stringify(events)).not.toContain('new Map');
    expect(events.at(-1)?.event).toBe('done');
  });

  it('hints only: a hint with a one-line snippet is shown as it came', async () => {
    const hint =
      'Keep a map from value to index:\n```ts\nconst seen = new Map<number, number>();\n```';
    anthropic.script({ text: [hint] });
    expect(shown(await readSse(await ask('Any hint?')))).toBe(hint);
  });

  it('the report says which policy held and how many answers were held back', async () => {
    const team = await signedInClient(
      stack.baseUrl,
      stack.demo.interviewerEmail,
      stack.demo.password,
    );
    const page = await (await team.request(`/candidates/${interview.candidateId}`)).text();
    expect(page).toContain('Policy: hints only, 1 answer with solution code held back');
  });

  it('full help streams the answer as it comes; off refuses with a code', async () => {
    await setPolicy('full');
    anthropic.script({ text: solution });
    const events = await readSse(await ask('Write it.'));
    expect(shown(events)).toBe(solution.join(''));
    expect(events.filter((event) => event.event === 'content').length).toBe(solution.length);
    await setPolicy('off');
    const refused = await ask('Hello?');
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('AI_DISABLED');
  });
});
