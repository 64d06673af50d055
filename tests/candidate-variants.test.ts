import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessments, candidates, problems } from '../db/schema/index.ts';
import { inviteToAssessment } from './support/candidate.ts';
import type { FakeAnthropic } from './support/fake-anthropic.ts';
import { signedInClient } from './support/fixtures.ts';
import { TestClient } from './support/http.ts';
import { startTestStack, type TestStack } from './support/stack.ts';
import { insertTypeScriptTwoSum, productPairVariant } from './support/variants.ts';

let anthropic: FakeAnthropic;
let stack: TestStack;
let interviewer: TestClient;
let twoSumId: string;
let perCandidateId: string;
let plainId: string;

beforeAll(async () => {
  stack = await startTestStack({ assistant: true });
  anthropic = stack.anthropic!;
  interviewer = await signedInClient(
    stack.baseUrl,
    stack.demo.interviewerEmail,
    stack.demo.password,
  );
  const db = stack.database.db;
  twoSumId = await insertTypeScriptTwoSum(db);
  // Through the form, as a hiring team would: one assessment with variants, one without.
  for (const [title, variants] of [
    ['Screen with variants', true],
    ['Screen without variants', false],
  ] as const) {
    const response = await interviewer.postForm('/assessments/new', {
      title,
      durationMinutes: '45',
      enableAI: 'on',
      enableTerminal: 'on',
      ...(variants ? { variantPerCandidate: 'on' } : {}),
      problemIds: twoSumId,
    });
    expect(response.status).toBe(302);
  }
  const rows = await db.select().from(assessments);
  perCandidateId = rows.find((row) => row.title === 'Screen with variants')!.id;
  plainId = rows.find((row) => row.title === 'Screen without variants')!.id;
  expect(rows.find((row) => row.id === perCandidateId)?.variantPerCandidate).toBe(true);
  expect(rows.find((row) => row.id === plainId)?.variantPerCandidate).toBe(false);
}, 90_000);
afterAll(async () => {
  await stack?.close();
});

function invite(assessmentId: string, name: string, email: string) {
  return inviteToAssessment(stack, assessmentId, name, email);
}

async function candidateRow(id: string) {
  const [row] = await stack.database.db.select().from(candidates).where(eq(candidates.id, id));
  return row!;
}

/** Starts from the link and initializes, as the interview page does. */
async function start(token: string, candidateId: string) {
  const browser = new TestClient(stack.baseUrl);
  expect((await browser.postForm(`/invite/${token}`, {})).status).toBe(302);
  const response = await browser.postJson(`/api/interview/${candidateId}/initialize`);
  expect(response.status).toBe(200);
  const files = await (await browser.request(`/api/interview/${candidateId}/files`)).json();
  return { body: await response.json(), files: JSON.stringify(files) };
}

describe('a generated variant for each candidate', () => {
  it('gives the candidate their own checked variant, kept out of the question bank', async () => {
    anthropic.script({ text: [JSON.stringify(productPairVariant)] });
    const { candidateId, token } = await invite(perCandidateId, 'Vera', 'vera@example.com');

    const row = await candidateRow(candidateId);
    expect(row.problemId).toBeTruthy();
    const [variant] = await stack.database.db
      .select()
      .from(problems)
      .where(eq(problems.id, row.problemId!));
    expect(variant).toMatchObject({
      title: 'Pair Product',
      generated: true,
      parentProblemId: twoSumId,
    });
    expect(variant!.archivedAt).not.toBeNull();
    expect(await (await interviewer.request('/questions')).text()).not.toContain('Pair Product');

    const { body, files } = await start(token, candidateId);
    expect(body.currentQuestion).toMatchObject({ id: variant!.id, title: 'Pair Product' });
    expect(files).toContain('solution.test.ts');
    // Its hidden tests stay on the server like any problem's.
    expect(files).not.toContain('hidden.test.ts');
    expect(JSON.stringify(body)).not.toContain('negative numbers');

    const page = await (await interviewer.request(`/candidates/${candidateId}`)).text();
    expect(page).toContain('Question: Pair Product');
    expect(page).toContain('a variant generated for this candidate');
  });

  it('keeps the original when the variant fails its own tests', async () => {
    const broken = {
      ...productPairVariant,
      title: 'Broken Variant',
      referenceSolution: productPairVariant.starterFiles,
    };
    anthropic.script({ text: [JSON.stringify(broken)] });
    const { candidateId, token } = await invite(perCandidateId, 'Walt', 'walt@example.com');
    expect((await candidateRow(candidateId)).problemId).toBeNull();
    expect(
      await stack.database.db.select().from(problems).where(eq(problems.title, 'Broken Variant')),
    ).toEqual([]);
    const { body } = await start(token, candidateId);
    expect(body.currentQuestion).toMatchObject({ id: twoSumId, title: 'Two Sum (TypeScript)' });
  });

  it('asks the assistant nothing for an assessment without variants', async () => {
    const before = anthropic.requests.length;
    const { candidateId } = await invite(plainId, 'Xena', 'xena@example.com');
    expect(anthropic.requests.length).toBe(before);
    expect((await candidateRow(candidateId)).problemId).toBeNull();
  });
});
