import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRuns } from '../db/schema/index.ts';
import { DEMO_PROBLEMS } from '../db/seed/problems.ts';
import { readSse } from './support/candidate.ts';
import { createMember, signedInClient } from './support/fixtures.ts';
import type { TestClient } from './support/http.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
let interviewer: TestClient;
beforeAll(async () => {
  stack = await startTestStack();
  interviewer = await signedInClient(
    stack.baseUrl,
    stack.demo.interviewerEmail,
    stack.demo.password,
  );
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

const [twoSum, , mergeIntervals] = DEMO_PROBLEMS;
const body = (problem: typeof twoSum, overrides: Record<string, unknown> = {}) => ({
  language: problem!.language,
  starterFiles: problem!.starterFiles,
  visibleTests: problem!.visibleTests,
  grading: problem!.grading,
  referenceSolution: problem!.referenceSolution,
  ...overrides,
});

describe('trying a problem before saving it', () => {
  it('runs visible and hidden tests against the reference solution and records nothing', async () => {
    const response = await interviewer.postJson('/api/problems/try', body(twoSum));
    expect(response.status).toBe(200);
    const events = await readSse(response);
    const results = events
      .filter((e) => e.event === 'test_result')
      .map((e) => e.data as { passed: boolean; hidden: boolean });
    expect(results).toHaveLength(8);
    expect(results.every((r) => r.passed)).toBe(true);
    expect(results.filter((r) => r.hidden)).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { total: 8, passed: 8 } });
    expect(await stack.database.db.select().from(testRuns)).toEqual([]);
  });

  it('works for Python too, and shows a wrong reference failing', async () => {
    const python = await readSse(
      await interviewer.postJson('/api/problems/try', body(mergeIntervals)),
    );
    expect(python.at(-1)).toMatchObject({ event: 'done', data: { total: 6, passed: 6 } });
    const wrong = await readSse(
      await interviewer.postJson(
        '/api/problems/try',
        body(twoSum, {
          referenceSolution: [
            { path: 'solution.ts', content: 'export const twoSum = () => [0, 1];' },
          ],
        }),
      ),
    );
    const done = wrong.at(-1)!.data as { passed: number; total: number };
    expect(done.total).toBe(8);
    expect(done.passed).toBeLessThan(8);
  });

  it('asks for a reference solution, and refuses viewers', async () => {
    const none = await interviewer.postJson(
      '/api/problems/try',
      body(twoSum, { referenceSolution: [] }),
    );
    expect(none.status).toBe(400);
    expect((await none.json()).error.message).toContain('reference solution');
    const viewer = await createMember(stack.database.db, stack.demo.organizationId, 'viewer');
    const client = await signedInClient(stack.baseUrl, viewer.email);
    expect((await client.postJson('/api/problems/try', body(twoSum))).status).toBe(403);
  });
});
