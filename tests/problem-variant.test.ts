import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problems } from '../db/schema/index.ts';
import type { FakeAnthropic } from './support/fake-anthropic.ts';
import { signedInClient } from './support/fixtures.ts';
import type { TestClient } from './support/http.ts';
import { startTestStack, type TestStack } from './support/stack.ts';
import { insertTypeScriptTwoSum, productPairVariant as variant } from './support/variants.ts';

let anthropic: FakeAnthropic;
let stack: TestStack;
let interviewer: TestClient;
let originalId: string;
beforeAll(async () => {
  stack = await startTestStack({ assistant: true });
  anthropic = stack.anthropic!;
  interviewer = await signedInClient(
    stack.baseUrl,
    stack.demo.interviewerEmail,
    stack.demo.password,
  );
  originalId = await insertTypeScriptTwoSum(stack.database.db);
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

async function generate() {
  return interviewer.postForm(`/questions/${originalId}`, { intent: 'generate-variant' });
}

describe('generating a variant of a problem', () => {
  it('keeps a variant whose reference solution passes its own tests, marked generated', async () => {
    anthropic.script({ text: ['Here it is:\n```json\n', JSON.stringify(variant), '\n```'] });
    const response = await generate();
    expect(response.status).toBe(302);
    const [saved] = await stack.database.db
      .select()
      .from(problems)
      .where(eq(problems.title, 'Pair Product'));
    expect(saved).toMatchObject({ generated: true, language: 'typescript' });
    expect(saved!.parentProblemId).toBeTruthy();
    expect(response.headers.get('location')).toBe(`/questions/${saved!.id}?generated=2`);
    const prompt = JSON.stringify(anthropic.requests.at(-1)!.body.messages);
    expect(prompt).toContain('Two Sum');
  });

  it('throws away a variant whose reference fails its tests, saying why', async () => {
    const broken = { ...variant, title: 'Broken Variant', referenceSolution: variant.starterFiles };
    anthropic.script({ text: [JSON.stringify(broken)] });
    const response = await generate();
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('passed 0 of 2 tests; nothing was saved');
    expect(
      await stack.database.db.select().from(problems).where(eq(problems.title, 'Broken Variant')),
    ).toEqual([]);
  });

  it('throws away a variant whose hidden cases are not valid data, naming the field', async () => {
    const bad = {
      ...variant,
      title: 'Bad Cases',
      grading: { ...variant.grading, cases: [{ name: 'x', args: 'oops', expected: 1 }] },
    };
    anthropic.script({ text: [JSON.stringify(bad)] });
    const response = await generate();
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('grading.cases.0.args');
    // Hidden tests written as code (the old form) are no hidden cases at all.
    const { grading: _dropped, ...rest } = variant;
    const coded = { ...rest, title: 'Coded Tests', hiddenTests: variant.visibleTests };
    anthropic.script({ text: [JSON.stringify(coded)] });
    const refused = await generate();
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('no hidden cases');
    const saved = await stack.database.db
      .select()
      .from(problems)
      .where(eq(problems.generated, true));
    expect(saved.map((row) => row.title)).not.toContain('Bad Cases');
    expect(saved.map((row) => row.title)).not.toContain('Coded Tests');
  });

  it('throws away an answer that is not a problem', async () => {
    anthropic.script({ text: ['Sorry, I cannot do that.'] });
    const response = await generate();
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('The generated problem was not usable');
  });
});
