import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessments, candidates, sessionEvents, testRuns } from '../db/schema/index.ts';
import { DEMO } from '../db/seed/demo.ts';
import { DEMO_PROBLEMS } from '../db/seed/problems.ts';
import { PROBLEM_SWITCHED } from '../protocol/problem-sequence.ts';
import { inviteToAssessment, readSse, startInvitedInterview } from './support/candidate.ts';
import { connectToSession, eventually } from './support/collab-client.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

const [twoSum, lruCache] = DEMO_PROBLEMS as [
  (typeof DEMO_PROBLEMS)[number],
  (typeof DEMO_PROBLEMS)[number],
];

describe('an assessment with two problems', () => {
  let interview: Awaited<ReturnType<typeof startInvitedInterview>>;
  const api = (path: string) => `/api/interview/${interview.candidateId}${path}`;

  it('gives the candidate both problems in order, each in its own folder', async () => {
    const [assessment] = await stack.database.db
      .select()
      .from(assessments)
      .where(eq(assessments.title, DEMO.twoProblemTitle));
    const { token } = await inviteToAssessment(
      stack,
      assessment!.id,
      'Katherine Johnson',
      'katherine@candidate.local',
    );
    interview = await startInvitedInterview(stack, token);
    const body = await (await interview.browser.postJson(api('/initialize'))).json();
    expect(body.problems).toEqual([
      expect.objectContaining({ position: 0, title: 'Two Sum', folder: '1-two-sum', done: false }),
      expect.objectContaining({ position: 1, title: 'LRU Cache', folder: '2-lru-cache' }),
    ]);
    expect(body.currentProblem).toBe(0);
    expect(body.currentQuestion.title).toBe('Two Sum');
    const top = body.files.map((node: { path: string }) => node.path);
    expect(top).toEqual(['1-two-sum', '2-lru-cache']);
  }, 60_000);

  it('runs the current problem’s tests in its folder', async () => {
    const candidate = await connectToSession(stack, interview.session, {
      role: 'candidate',
      subject: interview.candidateId,
    });
    candidate.write('1-two-sum/solution.ts', twoSum.referenceSolution[0]!.content);
    await eventually(async () => {
      const events = await readSse(await interview.browser.postJson(api('/run-tests')));
      const done = events.find((event) => event.event === 'done');
      return done && (done.data as { passed: number; total: number }).passed === 5;
    }, 'the reference solution passes Two Sum’s visible tests');
    candidate.close();
  }, 60_000);

  it('moves on when the candidate marks a problem done, and records the switch', async () => {
    const response = await interview.browser.postJson(api('/problem'), { done: true });
    expect(await response.json()).toEqual({ currentProblem: 1, switched: true });
    const events = await stack.database.db
      .select()
      .from(sessionEvents)
      .where(
        and(
          eq(sessionEvents.sessionId, interview.session.id),
          eq(sessionEvents.type, PROBLEM_SWITCHED),
        ),
      );
    expect(events.map((event) => event.data)).toEqual([
      { from: 0, to: 1, problemId: expect.any(String), title: 'LRU Cache', reason: 'submitted' },
    ]);
    // The tests that run now are LRU Cache's, against its starter code.
    const run = await readSse(await interview.browser.postJson(api('/run-tests')));
    const done = run.find((event) => event.event === 'done')?.data as
      | { passed: number; total: number }
      | undefined;
    expect(done?.total).toBeGreaterThan(0);
    expect(done!.passed).toBeLessThan(done!.total);
    const runs = await stack.database.db
      .select({ position: testRuns.problemPosition })
      .from(testRuns)
      .where(eq(testRuns.sessionId, interview.session.id));
    expect(new Set(runs.map((row) => row.position))).toEqual(new Set([0, 1]));
  }, 60_000);

  it('refuses a problem the assessment does not have', async () => {
    const response = await interview.browser.postJson(api('/problem'), { to: 7 });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('NO_SUCH_PROBLEM');
    const malformed = await interview.browser.postJson(api('/problem'), { to: 'next' });
    expect(malformed.status).toBe(400);
  });

  it('lists one problem’s files when the files API is asked for it', async () => {
    const response = await interview.browser.request(api('/files?problem=1'));
    const body = await response.json();
    expect(body.files.map((node: { path: string }) => node.path)).toEqual(['2-lru-cache']);
    expect(body.problems.map((problem: { folder: string }) => problem.folder)).toEqual([
      '1-two-sum',
      '2-lru-cache',
    ]);
    const missing = await interview.browser.request(api('/files?problem=4'));
    expect(missing.status).toBe(404);
  });

  it('grades each problem and scores the interview as their mean', async () => {
    const response = await interview.browser.postJson(api('/submit'));
    const body = await response.json();
    const [row] = await stack.database.db
      .select()
      .from(candidates)
      .where(eq(candidates.id, interview.candidateId));
    const problems = row!.scoreDetails!.problems as Array<{
      title: string;
      score: number | null;
      visiblePassed: number;
      visibleTotal: number;
      testRunCount: number;
      submittedAt: string | null;
    }>;
    expect(problems.map((problem) => problem.title)).toEqual(['Two Sum', 'LRU Cache']);
    expect(problems[0]).toMatchObject({ score: 100, visiblePassed: 5, visibleTotal: 5 });
    expect(problems[0]!.submittedAt).not.toBeNull();
    expect(problems[0]!.testRunCount).toBeGreaterThanOrEqual(1);
    expect(problems[1]!.score).toBeLessThan(100);
    const mean = Math.round(((100 + problems[1]!.score!) / 2) * 10) / 10;
    expect(body.scores.overallScore).toBe(mean);
    expect(row!.overallScore).toBe(mean);
    expect(lruCache.title).toBe('LRU Cache');
  }, 120_000);
});
