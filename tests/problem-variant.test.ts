import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problems } from '../db/schema/index.ts';
import type { FakeAnthropic } from './support/fake-anthropic.ts';
import { signedInClient } from './support/fixtures.ts';
import type { TestClient } from './support/http.ts';
import { startTestStack, type TestStack } from './support/stack.ts';
import { productPairVariant as variant } from './support/variants.ts';

let anthropic: FakeAnthropic;
let stack: TestStack;
let interviewer: TestClient;
beforeAll(async () => {
  stack = await startTestStack({ assistant: true });
  anthropic = stack.anthropic!;
  interviewer = await signedInClient(
    stack.baseUrl,
    stack.demo.interviewerEmail,
    stack.demo.password,
  );
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

async function generate() {
  const [original] = await stack.database.db
    .select()
    .from(problems)
    .where(eq(problems.title, 'Two Sum'));
  return interviewer.postForm(`/questions/${original!.id}`, { intent: 'generate-variant' });
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

  it('throws away an answer that is not a problem', async () => {
    anthropic.script({ text: ['Sorry, I cannot do that.'] });
    const response = await generate();
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('The generated problem was not usable');
  });
});
