import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  candidates,
  codeSnapshots,
  emailOutbox,
  interviewSessions,
  sessionEvents,
  testResults,
  testRuns,
} from '../db/schema/index.ts';
import { DEMO_PROBLEMS } from '../db/seed/problems.ts';
import { startDemoInterview } from './support/candidate.ts';
import { connectToSession, eventually } from './support/collab-client.ts';
import { TestClient } from './support/http.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

const twoSum = DEMO_PROBLEMS[0]!;

describe('submitting an interview', () => {
  let interview: Awaited<ReturnType<typeof startDemoInterview>>;

  it('grades visible and hidden tests, scores, snapshots, archives and tells both sides — once', async () => {
    interview = await startDemoInterview(stack);
    const candidate = await connectToSession(stack, interview.session, {
      role: 'candidate',
      subject: interview.candidateId,
    });
    candidate.write('solution.ts', twoSum.referenceSolution[0]!.content);
    // The edit must have reached the server before the submission reads the document.
    const check = await connectToSession(stack, interview.session, {
      role: 'service',
      subject: 'check',
    });
    await eventually(
      () => check.read('solution.ts')?.includes('new Map'),
      'the edit reached the server',
    );
    check.close();

    const [first, second] = await Promise.all([
      interview.browser.postJson(`/api/interview/${interview.candidateId}/submit`),
      interview.browser.postJson(`/api/interview/${interview.candidateId}/submit`),
    ]);
    const bodies = [await first.json(), await second.json()];
    expect(bodies.map((b) => b.alreadySubmitted).sort()).toEqual([false, true]);
    expect(bodies[0].scores).toEqual(bodies[1].scores);
    const scores = bodies[0].scores;
    expect(scores).toMatchObject({ visiblePassRate: 1, hiddenPassRate: 1, overallScore: 100 });

    const [row] = await stack.database.db
      .select()
      .from(candidates)
      .where(eq(candidates.id, interview.candidateId));
    expect(row).toMatchObject({
      status: 'COMPLETED',
      overallScore: 100,
      visiblePassRate: 1,
      hiddenPassRate: 1,
    });
    expect(row?.scoreDetails).toMatchObject({
      visiblePassed: 5,
      visibleTotal: 5,
      hiddenPassed: 3,
      hiddenTotal: 3,
    });

    const [session] = await stack.database.db
      .select()
      .from(interviewSessions)
      .where(eq(interviewSessions.id, interview.session.id));
    expect(session).toMatchObject({ status: 'COMPLETED', endReason: 'candidate' });
    expect(session?.archiveKey).toBeTruthy();

    const finals = await stack.database.db
      .select()
      .from(testRuns)
      .where(eq(testRuns.sessionId, interview.session.id));
    expect(finals.filter((run) => run.kind === 'final')).toHaveLength(1);
    const results = await stack.database.db
      .select()
      .from(testResults)
      .where(eq(testResults.runId, finals[0]!.id));
    expect(results.filter((result) => result.hidden)).toHaveLength(3);

    const snapshot = await stack.database.db
      .select()
      .from(codeSnapshots)
      .where(eq(codeSnapshots.sessionId, interview.session.id));
    expect(snapshot.find((file) => file.path === 'solution.ts')?.content).toBe(
      twoSum.referenceSolution[0]!.content,
    );

    const mails = await stack.database.db.select().from(emailOutbox);
    expect(mails.map((mail) => mail.kind).sort()).toEqual([
      'submission-candidate',
      'submission-interviewer',
    ]);
    const events = await stack.database.db
      .select()
      .from(sessionEvents)
      .where(eq(sessionEvents.sessionId, interview.session.id));
    expect(events.filter((event) => event.type === 'session_submitted')).toHaveLength(1);

    // The workspace is read-only now: a later edit never reaches the stored document.
    // Closed by the server, the candidate's provider reconnects (read-only now) and syncs again.
    await eventually(() => candidate.syncs() >= 2, 'the candidate reconnected');
    candidate.write('solution.ts', '// too late');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const reader = await connectToSession(stack, interview.session, {
      role: 'service',
      subject: 'test',
    });
    expect(reader.read('solution.ts')).toBe(twoSum.referenceSolution[0]!.content);
    reader.close();
    candidate.close();
  }, 120_000);

  it('answers a third submit with the same result', async () => {
    const response = await interview.browser.postJson(
      `/api/interview/${interview.candidateId}/submit`,
    );
    const body = await response.json();
    expect(body).toMatchObject({
      alreadySubmitted: true,
      status: 'COMPLETED',
      scores: { overallScore: 100 },
    });
  });

  it('refuses a stranger and an interview that never started', async () => {
    const stranger = await new TestClient(stack.baseUrl).postJson(
      `/api/interview/${interview.candidateId}/submit`,
    );
    expect(stranger.status).toBe(403);
  });
});

describe('the server-owned deadline', () => {
  it('submits an interview whose time ran out with no browser open', async () => {
    const { inviteCandidate } = await import('../app/assessments/candidate-invitations.server.ts');
    const { startInterview } = await import('../app/interview/start.server.ts');
    const context = { services: stack.tandem.app.services };
    const [demo] = await stack.database.db.select().from(candidates).limit(1);
    const { candidateId } = await inviteCandidate(context, {
      organizationId: stack.demo.organizationId,
      assessmentId: demo!.assessmentId,
      invitedById: demo!.invitedById!,
      name: 'Late Larry',
      email: 'larry@example.com',
    });
    const started = await startInterview(context, candidateId);
    expect(started.kind).toBe('ready');
    await stack.database.db
      .update(interviewSessions)
      .set({ deadlineAt: new Date(Date.now() - 1000) })
      .where(eq(interviewSessions.candidateId, candidateId));

    await stack.tandem.app.deadlines.tick();

    const [session] = await stack.database.db
      .select()
      .from(interviewSessions)
      .where(eq(interviewSessions.candidateId, candidateId));
    expect(session).toMatchObject({ status: 'COMPLETED', endReason: 'timer' });
    const [row] = await stack.database.db
      .select()
      .from(candidates)
      .where(eq(candidates.id, candidateId));
    expect(row?.status).toBe('COMPLETED');
    expect(row?.overallScore).toBe(0); // the starter code passes nothing
  }, 120_000);
});
