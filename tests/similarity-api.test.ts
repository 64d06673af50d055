import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSubmission } from '../app/similarity/testing.ts';
import { assessments, problems } from '../db/schema/index.ts';
import { startDemoInterview } from './support/candidate.ts';
import { createOrganization, signedInClient } from './support/fixtures.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

describe('GET /api/candidates/:id/similarity', () => {
  it('answers a member once the interview is handed in, and nobody outside the organization', async () => {
    const interview = await startDemoInterview(stack);
    const member = await signedInClient(
      stack.baseUrl,
      stack.demo.interviewerEmail,
      stack.demo.password,
    );
    const url = `/api/candidates/${interview.candidateId}/similarity`;

    const early = await member.request(url);
    expect(early.status).toBe(409);
    expect((await early.json()).error.code).toBe('NOT_SUBMITTED');

    const submitted = await interview.browser.postJson(
      `/api/interview/${interview.candidateId}/submit`,
    );
    expect(submitted.status).toBe(200);
    const report = await member.request(url);
    expect(report.status).toBe(200);
    // The only submission of its problem in this organization: nothing to compare with.
    expect(await report.json()).toEqual({ compared: 0, matches: [] });

    const foreign = await createOrganization(stack.database.db, 'Elsewhere');
    const outsider = await signedInClient(stack.baseUrl, foreign.owner.email);
    const refused = await outsider.request(url);
    expect(refused.status).toBe(404);
    expect((await refused.json()).error.code).toBe('NOT_FOUND');
    // Not signed in at all: no data either.
    const anonymous = await fetch(`${stack.baseUrl}${url}`, { redirect: 'manual' });
    expect(anonymous.status).not.toBe(200);
  });
});

describe('similarity on the comparison page', () => {
  it('gives the compared candidates’ pairwise similarity to members, and nothing to another organization', async () => {
    const db = stack.database.db;
    const organizationId = stack.demo.organizationId;
    const [assessment] = await db
      .select()
      .from(assessments)
      .where(
        and(
          eq(assessments.organizationId, organizationId),
          eq(assessments.title, 'Backend Engineer Screen'),
        ),
      );
    const [problem] = await db.select().from(problems).where(eq(problems.title, 'Two Sum'));
    const given = [...problem!.starterFiles, ...problem!.visibleTests].map((file) => ({
      path: file.path,
      text: file.content,
    }));
    // Both hand in the visible tests unchanged; one copies the other's solution with new names.
    const submission = (name: string, text: string) =>
      insertSubmission(db, {
        organizationId,
        assessmentId: assessment!.id,
        problemId: problem!.id,
        name,
        given,
        written: [{ path: 'solution.ts', text }],
      });
    const original = await submission(
      'Katherine Johnson',
      `export function twoSum(nums: number[], target: number): [number, number] {
  const seen = new Map<number, number>();
  for (let i = 0; i < nums.length; i++) {
    const want = target - nums[i]!;
    const j = seen.get(want);
    if (j !== undefined) return [j, i];
    seen.set(nums[i]!, i);
  }
  throw new Error('no solution');
}
`,
    );
    const copy = await submission(
      'Dorothy Vaughan',
      `export function twoSum(values: number[], goal: number): [number, number] {
  const index = new Map<number, number>();
  for (let k = 0; k < values.length; k++) {
    const need = goal - values[k]!;
    const other = index.get(need);
    if (other !== undefined) return [other, k];
    index.set(values[k]!, k);
  }
  throw new Error('none');
}
`,
    );
    const member = await signedInClient(
      stack.baseUrl,
      stack.demo.interviewerEmail,
      stack.demo.password,
    );
    const page = `/candidates/compare?ids=${copy},${original}`;
    const data = await member.request(`${page}&_data=routes/_team.candidates.compare`);
    expect(data.status).toBe(200);
    const { similarity } = await data.json();
    expect(similarity.pairs).toHaveLength(1);
    const [pair] = similarity.pairs;
    expect(pair).toMatchObject({
      a: { candidateId: copy, name: 'Dorothy Vaughan' },
      b: { candidateId: original, name: 'Katherine Johnson' },
      state: 'compared',
      flagged: true,
    });
    expect(pair.score).toBeGreaterThan(0.5);
    expect(pair.passages[0].a.text).toContain('index.get(need)');
    expect(pair.passages[0].b.text).toContain('seen.get(want)');
    // The test file both handed in unchanged is not a match.
    const starterPaths = new Set(problem!.visibleTests.map((file) => file.path));
    expect(starterPaths.size).toBeGreaterThan(0);
    for (const passage of pair.passages) {
      expect(starterPaths.has(passage.a.path)).toBe(false);
      expect(starterPaths.has(passage.b.path)).toBe(false);
    }
    const html = await (await member.request(page)).text();
    expect(html).toContain('Similarity between these submissions');

    const foreign = await createOrganization(stack.database.db, 'Comparers');
    const outsider = await signedInClient(stack.baseUrl, foreign.owner.email);
    const refused = await outsider.request(`${page}&_data=routes/_team.candidates.compare`);
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toContain('Vaughan');
  });
});
