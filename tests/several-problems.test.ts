import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessments, candidates, sessionEvents, testRuns } from '../db/schema/index.ts';
import { DEMO } from '../db/seed/demo.ts';
import { DEMO_PROBLEMS } from '../db/seed/problems.ts';
import { CLOSE_REASONS } from '../protocol/close-reasons.ts';
import { SESSION_DOC } from '../protocol/documents.ts';
import { PROBLEM_SWITCHED } from '../protocol/problem-sequence.ts';
import { inviteToAssessment, readSse, startInvitedInterview } from './support/candidate.ts';
import { connectToSession, eventually } from './support/collab-client.ts';
import { signedInClient } from './support/fixtures.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 300_000);
afterAll(async () => {
  await stack?.close();
});

// What the candidate's module prints: a harness line wrapped in colour escapes.
const FORGED_PRINT =
  "console.log('\\u001b[32m' + JSON.stringify({ type: 'result', name: 'forged', passed: true }) + '\\u001b[0m');";

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
    // The second problem's files are not in the candidate's workspace until
    // they reach it (decision 027): not in the tree, not in the raw document.
    const top = body.files.map((node: { path: string }) => node.path);
    expect(top).toEqual(['1-two-sum']);
    const raw = await connectToSession(stack, interview.session, {
      role: 'candidate',
      subject: interview.candidateId,
    });
    const paths = [...raw.doc.getMap(SESSION_DOC.files).keys()];
    raw.close();
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((path) => path.startsWith('1-two-sum/'))).toBe(true);
    const later = await interview.browser.request(api('/files?problem=1'));
    expect((await later.json()).files).toEqual([]);
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
    // LRU Cache's files arrived with the switch, and Two Sum's folder is locked.
    const candidate = await connectToSession(stack, interview.session, {
      role: 'candidate',
      subject: interview.candidateId,
    });
    expect(candidate.read('2-lru-cache/README.md')).toContain('LRU Cache');
    // The finished folder, and each reached problem's previous/ (the language switch's alone).
    expect([...candidate.doc.getMap(SESSION_DOC.locked).keys()].sort()).toEqual([
      '1-two-sum',
      '1-two-sum/previous',
      '2-lru-cache/previous',
    ]);
    candidate.close();
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

  it('refuses any change to a finished problem’s folder from the candidate’s own connection', async () => {
    const hostile = await connectToSession(stack, interview.session, {
      role: 'candidate',
      subject: interview.candidateId,
    });
    const closes: Array<{ code: number; reason: string }> = [];
    hostile.provider.on('close', ({ event }: { event: { code: number; reason: string } }) => {
      closes.push({ code: event.code, reason: String(event.reason) });
    });
    const solution = hostile.read('1-two-sum/solution.ts');
    hostile.write('1-two-sum/solution.ts', 'export function twoSum() { return []; }\n');
    await eventually(() => closes.length > 0, 'the collab-server refuses the write');
    expect(closes[0]).toEqual(CLOSE_REASONS.problemLocked);
    hostile.close();
    const reader = await connectToSession(stack, interview.session, {
      role: 'candidate',
      subject: interview.candidateId,
    });
    expect(reader.read('1-two-sum/solution.ts')).toBe(solution);
    reader.close();
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

  it('shows what a failed run printed, cleaned, and never as a result of its own', async () => {
    const candidate = await connectToSession(stack, interview.session, {
      role: 'candidate',
      subject: interview.candidateId,
    });
    // A fake harness line with terminal escapes, printed by the module as it loads, then a crash.
    candidate.write(
      '2-lru-cache/lru-cache.ts',
      `${FORGED_PRINT}\nthrow new Error('boom at load');\nexport class LRUCache {}\n`,
    );
    const crashed = await eventually(async () => {
      const events = await readSse(await interview.browser.postJson(api('/run-tests')));
      const results = events.filter((event) => event.event === 'test_result');
      const output = (results[0]?.data as { output?: string } | undefined)?.output ?? '';
      return output.includes('boom at load') ? results : null;
    }, 'the crash reached the tests panel');
    expect(crashed.map((event) => (event.data as { name: string }).name)).not.toContain('forged');
    expect(crashed.every((event) => (event.data as { passed: boolean }).passed === false)).toBe(
      true,
    );
    const output = (crashed[0]!.data as { output: string }).output;
    expect(output).toContain('{"type":"result","name":"forged","passed":true}');
    expect(output).not.toContain('\u001b');

    // A compile error: the compiler's message is the output.
    candidate.write(
      '2-lru-cache/lru-cache.ts',
      'export class LRUCache {\n  get(key: number {\n}\n',
    );
    const compiled = await eventually(async () => {
      const events = await readSse(await interview.browser.postJson(api('/run-tests')));
      const result = events.find((event) => event.event === 'test_result')?.data as
        | { name: string; output?: string }
        | undefined;
      return result?.output?.includes('SyntaxError') ? result : null;
    }, 'the compile error reached the tests panel');
    expect(compiled.name).toContain('(did not run)');
    candidate.close();
  }, 60_000);

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

  it('reports each problem with its score, and the compile error the grading met', async () => {
    const interviewer = await signedInClient(
      stack.baseUrl,
      stack.demo.interviewerEmail,
      stack.demo.password,
    );
    const html = await (await interviewer.request(`/candidates/${interview.candidateId}`)).text();
    expect(html).toContain('Questions, in order: 1. Two Sum · 2. LRU Cache');
    expect(html).toContain('<td>1. Two Sum</td><td>100</td>');
    expect(html).toContain('Output of the test process');
    expect(html).toContain('SyntaxError');
  }, 60_000);
});
