import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessments, candidates, interviewSessions, sessionEvents } from '../db/schema/index.ts';
import { DEMO } from '../db/seed/demo.ts';
import { DEMO_PROBLEMS } from '../db/seed/problems.ts';
import { CLOSE_REASONS } from '../protocol/close-reasons.ts';
import { SESSION_DOC } from '../protocol/documents.ts';
import {
  inviteToAssessment,
  readSse,
  startInvitedCandidate,
  startInvitedInterview,
} from './support/candidate.ts';
import { connectToSession, eventually } from './support/collab-client.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 300_000);
afterAll(async () => {
  await stack?.close();
});

const twoSum = DEMO_PROBLEMS.find((problem) => problem.title === 'Two Sum')!;
const javaReference = twoSum.languageVersions!.java!.referenceSolution[0]!.content;

type Node = { path: string; type: string; children?: Node[] };
const flatten = (nodes: Node[]): string[] =>
  nodes.flatMap((node) => (node.children ? flatten(node.children) : [node.path]));

describe('switching language during the interview (decision 023)', () => {
  let interview: Awaited<ReturnType<typeof startInvitedCandidate>>;
  const api = (path: string) => `/api/interview/${interview.candidateId}${path}`;
  const files = async () =>
    flatten((await (await interview.browser.request(api('/files'))).json()).files).sort();

  it('refuses a language that does not exist', async () => {
    interview = await startInvitedCandidate(stack, 'Grace Hopper', 'grace@candidate.local');
    await interview.browser.postJson(api('/initialize'));
    const response = await interview.browser.postJson(api('/language'), { language: 'cobol' });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('UNKNOWN_LANGUAGE');
  }, 60_000);

  it('moves the TypeScript files to previous/typescript/, opens the Java starter and records the switch', async () => {
    expect(await files()).toEqual(['README.md', 'solution.test.ts', 'solution.ts']);
    const response = await interview.browser.postJson(api('/language'), { language: 'java' });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ language: 'java', switched: true });
    // The page updates in place from the answer: the problem in Java, its main file and tests.
    expect(body.problems).toEqual([
      expect.objectContaining({
        position: 0,
        language: 'java',
        mainFile: 'Solution.java',
        visibleTestNames: expect.arrayContaining(['findsAPairAtTheStart']),
      }),
    ]);
    expect(await files()).toEqual([
      'README.md',
      'Solution.java',
      'SolutionTest.java',
      'previous/typescript/solution.test.ts',
      'previous/typescript/solution.ts',
    ]);
    const [session] = await stack.database.db
      .select({ language: interviewSessions.language })
      .from(interviewSessions)
      .where(eq(interviewSessions.id, interview.session.id));
    expect(session!.language).toBe('java');
    const events = await stack.database.db
      .select()
      .from(sessionEvents)
      .where(
        and(
          eq(sessionEvents.sessionId, interview.session.id),
          eq(sessionEvents.type, 'language_switched'),
        ),
      );
    expect(events.map((event) => event.data)).toEqual([
      {
        from: 'typescript',
        to: 'java',
        problems: [{ position: 0, folder: '', from: 'typescript', to: 'java' }],
        restored: false,
      },
    ]);
  }, 60_000);

  it('runs the visible tests in Java after the switch', async () => {
    const candidate = await connectToSession(stack, interview.session, {
      role: 'candidate',
      subject: interview.candidateId,
    });
    candidate.write('Solution.java', javaReference);
    const done = await eventually(
      async () => {
        const events = await readSse(await interview.browser.postJson(api('/run-tests')));
        const last = events.at(-1);
        const names = events
          .filter((event) => event.event === 'test_result')
          .map((event) => (event.data as { name: string }).name);
        return last?.event === 'done' && names.length === 3 ? { last, names } : null;
      },
      'the Java tests run',
      60_000,
    );
    expect(done.last.data).toMatchObject({ passed: 3, total: 3 });
    expect(done.names).toContain('findsAPairAtTheStart');
    candidate.close();
  }, 120_000);

  it('switching back restores the TypeScript work and keeps the Java files', async () => {
    const response = await interview.browser.postJson(api('/language'), {
      language: 'typescript',
    });
    expect(await response.json()).toMatchObject({
      language: 'typescript',
      event: { restored: true },
    });
    expect(await files()).toEqual([
      'README.md',
      'previous/java/Solution.java',
      'previous/java/SolutionTest.java',
      'solution.test.ts',
      'solution.ts',
    ]);
    const kept = await (
      await interview.browser.request(api('/files/previous/java/Solution.java'))
    ).text();
    expect(kept).toContain('seen.put(nums[j], j)');
  }, 60_000);

  it('refuses a language the assessment does not allow', async () => {
    const [fixed] = await stack.database.db
      .select()
      .from(assessments)
      .where(eq(assessments.title, DEMO.twoProblemTitle));
    const { token } = await inviteToAssessment(
      stack,
      fixed!.id,
      'Alan Turing',
      'alan@candidate.local',
    );
    const other = await startInvitedInterview(stack, token);
    await other.browser.postJson(`/api/interview/${other.candidateId}/initialize`);
    const response = await other.browser.postJson(`/api/interview/${other.candidateId}/language`, {
      language: 'java',
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('LANGUAGE_NOT_ALLOWED');
    const [session] = await stack.database.db
      .select({ language: interviewSessions.language })
      .from(interviewSessions)
      .where(eq(interviewSessions.candidateId, other.candidateId));
    expect(session!.language).not.toBe('java');
  }, 60_000);

  it('with several problems, moves only the one in progress: a finished problem keeps its graded files, a later one arrives in the new language', async () => {
    const [twoProblems] = await stack.database.db
      .select()
      .from(assessments)
      .where(eq(assessments.title, DEMO.twoProblemTitle));
    await stack.database.db
      .update(assessments)
      .set({ languages: ['typescript', 'java'] })
      .where(eq(assessments.id, twoProblems!.id));
    const { token } = await inviteToAssessment(
      stack,
      twoProblems!.id,
      'Katherine Johnson',
      'katherine@candidate.local',
    );
    const multi = await startInvitedInterview(stack, token);
    const call = (path: string, body: unknown = {}) =>
      multi.browser.postJson(`/api/interview/${multi.candidateId}${path}`, body);
    await call('/initialize');
    const paths = async () => {
      const reader = await connectToSession(stack, multi.session, {
        role: 'interviewer',
        subject: 'user-watcher',
      });
      const all = [...reader.doc.getMap(SESSION_DOC.files).keys()].sort();
      reader.close();
      return all;
    };

    expect((await call('/language', { language: 'java' })).status).toBe(200);
    const afterFirstSwitch = await paths();
    expect(afterFirstSwitch).toContain('1-two-sum/Solution.java');
    // LRU Cache is not reached yet: the switch does not reveal it.
    expect(afterFirstSwitch.some((path) => path.startsWith('2-lru-cache/'))).toBe(false);

    expect((await call('/problem', { done: true })).status).toBe(200);
    const reached = await paths();
    // Reached after the switch: its files come in Java.
    expect(reached.some((path) => /^2-lru-cache\/.*\.java$/.test(path))).toBe(true);
    expect(reached.some((path) => /^2-lru-cache\/.*\.ts$/.test(path))).toBe(false);

    expect((await call('/language', { language: 'typescript' })).status).toBe(200);
    const back = await paths();
    // Two Sum is finished (locked): its Java files stay where they were graded.
    expect(back.filter((path) => path.startsWith('1-two-sum/'))).toEqual(
      reached.filter((path) => path.startsWith('1-two-sum/')),
    );
    expect(back.some((path) => /^2-lru-cache\/previous\/java\//.test(path))).toBe(true);
    expect(back.some((path) => /^2-lru-cache\/[^/]*\.ts$/.test(path))).toBe(true);
  }, 120_000);

  it('counts only the current language in the final code: the previous/ attempt is not in the report', async () => {
    const switcher = await startInvitedCandidate(
      stack,
      'Dorothy Vaughan',
      'dorothy@candidate.local',
    );
    const call = (path: string, body: unknown = {}) =>
      switcher.browser.postJson(`/api/interview/${switcher.candidateId}${path}`, body);
    await call('/initialize');
    const candidate = await connectToSession(stack, switcher.session, {
      role: 'candidate',
      subject: switcher.candidateId,
    });
    candidate.write('solution.ts', 'export function twoSum() {\n  // my TypeScript attempt\n}\n');
    await eventually(() => !candidate.provider.hasUnsyncedChanges, 'the TypeScript edit is taken');
    expect((await call('/language', { language: 'java' })).status).toBe(200);
    await eventually(() => candidate.read('Solution.java'), 'the Java starter arrives');
    candidate.write('Solution.java', javaReference);
    await eventually(() => !candidate.provider.hasUnsyncedChanges, 'the Java edit is taken');
    candidate.close();

    expect((await call('/submit')).status).toBe(200);
    const [row] = await stack.database.db
      .select()
      .from(candidates)
      .where(eq(candidates.id, switcher.candidateId));
    const details = row!.scoreDetails as unknown as {
      finalChars: number;
      provenance: Array<{ path: string; typed: number; total: number }>;
    };
    // The abandoned TypeScript attempt is kept (the replay shows it) but is not the final code.
    expect(details.provenance.map((file) => file.path).sort()).toEqual([
      'README.md',
      'Solution.java',
      'SolutionTest.java',
    ]);
    expect(details.provenance.find((file) => file.path === 'Solution.java')).toMatchObject({
      typed: javaReference.length,
      total: javaReference.length,
    });
    // What the candidate wrote during the session, AI reliance's denominator: the Java only.
    expect(details.finalChars).toBe(javaReference.length);
  }, 120_000);
  it('refuses a candidate’s own file under previous/: the folder the report leaves out is the switch’s alone', async () => {
    // The attack: code planted under previous/<language>/ (and imported) would not count as
    // the final code — not in "Who wrote the final code", AI reliance or similarity.
    const planter = await startInvitedCandidate(stack, 'Mary Jackson', 'mary@candidate.local');
    const call = (path: string, body: unknown = {}) =>
      planter.browser.postJson(`/api/interview/${planter.candidateId}${path}`, body);
    await call('/initialize');
    const hostile = await connectToSession(stack, planter.session, {
      role: 'candidate',
      subject: planter.candidateId,
    });
    const closes: Array<{ code: number; reason: string }> = [];
    hostile.provider.on('close', ({ event }: { event: { code: number; reason: string } }) => {
      closes.push({ code: event.code, reason: String(event.reason) });
    });
    hostile.write('previous/javascript/helper.js', 'export const answer = () => [0, 1];\n');
    await eventually(() => closes.length > 0, 'the collab-server refuses the write');
    expect(closes[0]).toEqual(CLOSE_REASONS.problemLocked);
    hostile.close();
    const listed = flatten(
      (await (await planter.browser.request(`/api/interview/${planter.candidateId}/files`)).json())
        .files,
    );
    expect(listed.some((path) => path.startsWith('previous/'))).toBe(false);
    // The switch itself still moves the attempt there, and back.
    expect((await call('/language', { language: 'java' })).status).toBe(200);
    const after = flatten(
      (await (await planter.browser.request(`/api/interview/${planter.candidateId}/files`)).json())
        .files,
    );
    expect(after).toContain('previous/typescript/solution.ts');
    expect((await call('/language', { language: 'typescript' })).status).toBe(200);
  }, 120_000);
});
