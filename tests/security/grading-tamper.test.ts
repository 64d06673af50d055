import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assessmentProblems,
  assessments,
  candidates,
  interviewSessions,
  problems,
} from '../../db/schema/index.ts';
import { createInviteToken, hashInviteToken } from '../../protocol/invite-token.ts';
import { connectToSession, eventually } from '../support/collab-client.ts';
import { TestClient } from '../support/http.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { ATTACKS, type AttackLanguage } from './grading-attacks.ts';
import { tamperProblem } from './grading-tamper-problem.ts';

/**
 * Issue 11: a candidate, with only a candidate's access (their invitation,
 * their browser session and their document), submits unsolved code that tries
 * to be scored as solved. Every attempt must score 0 on the hidden tests, and
 * the honest solution must still score 100. All submissions go through the
 * real services: the app's submit route, the bridge's grading, the sandbox.
 */

const LANGUAGES: AttackLanguage[] = ['typescript', 'javascript', 'python'];

interface Submitted {
  scores: { overallScore: number | null; hiddenPassRate: number | null };
  details: { hiddenPassed: number; hiddenTotal: number } | null;
}

let stack: TestStack;
const assessmentOf = new Map<AttackLanguage, string>();
const outcomes = new Map<string, Promise<Submitted>>();

/** An assessment with the fingerprint problem in each language, made as an interviewer would. */
async function createAssessment(language: AttackLanguage): Promise<string> {
  const db = stack.database.db;
  const [problem] = await db
    .insert(problems)
    .values({ ...tamperProblem(language), organizationId: stack.demo.organizationId })
    .returning({ id: problems.id });
  const [assessment] = await db
    .insert(assessments)
    .values({
      organizationId: stack.demo.organizationId,
      title: `Tamper ${language}`,
      durationMinutes: 60,
      enableAI: false,
      enableTerminal: true,
    })
    .returning({ id: assessments.id });
  await db
    .insert(assessmentProblems)
    .values({ assessmentId: assessment!.id, problemId: problem!.id, position: 0 });
  return assessment!.id;
}

/** A candidate starts from their invitation, writes `source` as their solution and submits. */
async function submitAs(language: AttackLanguage, source: string): Promise<Submitted> {
  const db = stack.database.db;
  const token = createInviteToken();
  const [candidate] = await db
    .insert(candidates)
    .values({
      organizationId: stack.demo.organizationId,
      assessmentId: assessmentOf.get(language)!,
      name: 'Mallory',
      email: `mallory-${crypto.randomUUID().slice(0, 8)}@example.com`,
      inviteTokenHash: hashInviteToken(token),
      inviteExpiresAt: new Date(Date.now() + 3600_000),
    })
    .returning({ id: candidates.id });
  const browser = new TestClient(stack.baseUrl);
  const started = await browser.postForm(`/invite/${token}`, {});
  if (started.status !== 302) throw new Error(`the invitation answered ${started.status}`);
  const [session] = await db
    .select()
    .from(interviewSessions)
    .where(eq(interviewSessions.candidateId, candidate!.id));
  const path = tamperProblem(language).starterFiles[0]!.path;
  const client = await connectToSession(stack, session!, {
    role: 'candidate',
    subject: candidate!.id,
  });
  try {
    client.write(path, source);
    const check = await connectToSession(stack, session!, { role: 'service', subject: 'check' });
    await eventually(() => check.read(path) === source, 'the solution reached the server');
    check.close();
    const response = await browser.postJson(`/api/interview/${candidate!.id}/submit`);
    if (response.status !== 200) {
      throw new Error(`submit answered ${response.status}: ${await response.text()}`);
    }
    const body = (await response.json()) as Pick<Submitted, 'scores'>;
    const [row] = await db
      .select({ details: candidates.scoreDetails })
      .from(candidates)
      .where(eq(candidates.id, candidate!.id));
    return { scores: body.scores, details: row?.details ?? null };
  } finally {
    client.close();
  }
}

/** Runs `jobs` at most `width` at a time: the machine has two busy cores. */
function limited(width: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (running >= width) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await job();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}

beforeAll(async () => {
  stack = await startTestStack();
  for (const language of LANGUAGES) assessmentOf.set(language, await createAssessment(language));
  // Every submission starts now, a few at a time; each test awaits its own.
  const slot = limited(4);
  for (const language of LANGUAGES) {
    for (const attack of ATTACKS) {
      const outcome = slot(() => submitAs(language, attack.source[language]));
      outcome.catch(() => {});
      outcomes.set(`${language}/${attack.name}`, outcome);
    }
  }
}, 60_000);
afterAll(async () => {
  await Promise.allSettled(outcomes.values());
  await stack?.close();
});

describe.each(LANGUAGES)('grading %s submissions', (language) => {
  const solved = ATTACKS.find((attack) => attack.solved)!;
  it('scores the correct solution 100, hidden cases included', async () => {
    const { scores, details } = await outcomes.get(`${language}/${solved.name}`)!;
    expect(details).toMatchObject({ hiddenPassed: 2, hiddenTotal: 2 });
    expect(scores).toMatchObject({ overallScore: 100, hiddenPassRate: 1 });
  }, 120_000);

  it.each(ATTACKS.filter((attack) => !attack.solved).map((attack) => attack.name))(
    'scores 0 on hidden tests when %s',
    async (name) => {
      const { scores, details } = await outcomes.get(`${language}/${name}`)!;
      expect(details).toMatchObject({ hiddenPassed: 0, hiddenTotal: 2 });
      expect(scores.hiddenPassRate).toBe(0);
      // Visible tests run as files in the candidate's process and weigh 40% at most.
      expect(scores.overallScore ?? 0).toBeLessThanOrEqual(40);
    },
    120_000,
  );
});
