import { and, count, eq, inArray, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadChatInterview } from '../app/ai/chat-interview.server.ts';
import { CHAT_RATE_LIMIT, startChatTurn } from '../app/ai/rate-limit.server.ts';
import { loadInterview } from '../app/interview/lookup.server.ts';
import {
  aiInteractions,
  assessments,
  interviewSessions,
  problems,
  sessionEvents,
  sessionProblems,
} from '../db/schema/index.ts';
import {
  inviteToAssessment,
  readSse,
  startDemoInterview,
  startInvitedInterview,
} from './support/candidate.ts';
import { eventually } from './support/collab-client.ts';
import type { FakeAnthropic } from './support/fake-anthropic.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let anthropic: FakeAnthropic;
let stack: TestStack;
let interview: Awaited<ReturnType<typeof startDemoInterview>>;

beforeAll(async () => {
  stack = await startTestStack({
    assistant: true,
    env: {
      ANTHROPIC_MODEL: 'claude-test',
    },
  });
  anthropic = stack.anthropic!;
  interview = await startDemoInterview(stack);
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

async function turnsOf(sessionId: string): Promise<number> {
  const [row] = await stack.database.db
    .select({ turns: count() })
    .from(aiInteractions)
    .where(eq(aiInteractions.sessionId, sessionId));
  return row!.turns;
}

/** The interview's stored turn with this prompt. */
async function storedTurn(prompt: string) {
  const [row] = await stack.database.db
    .select()
    .from(aiInteractions)
    .where(
      and(eq(aiInteractions.sessionId, interview.session.id), eq(aiInteractions.prompt, prompt)),
    );
  return row;
}

/** A promise the stand-in model waits on before it answers, and the call that lets it. */
function heldAnswer(): { hold: Promise<void>; answer: () => void } {
  let answer = () => {};
  const hold = new Promise<void>((resolve) => {
    answer = resolve;
  });
  return { hold, answer };
}

const chatPath = () => `/api/interview/${interview.candidateId}/chat`;

describe('the AI assistant', () => {
  it('streams content deltas, then usage, then done, and stores the turn with its tokens', async () => {
    anthropic.script({ text: ['Use a ', 'hash map', '.'], inputTokens: 321, outputTokens: 12 });
    const response = await interview.browser.postJson(chatPath(), {
      message: 'How do I make this faster?',
      openFile: { path: 'solution.ts', content: 'export function twoSum() {}' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = await readSse(response);
    expect(events.map((e) => e.event)).toEqual(['content', 'content', 'content', 'usage', 'done']);
    expect(events.slice(0, 3).map((e) => (e.data as { delta: string }).delta)).toEqual([
      'Use a ',
      'hash map',
      '.',
    ]);
    expect(events[3]!.data).toEqual({ inputTokens: 321, outputTokens: 12 });

    const [stored] = await stack.database.db
      .select()
      .from(aiInteractions)
      .where(eq(aiInteractions.sessionId, interview.session.id));
    expect(stored).toMatchObject({
      prompt: 'How do I make this faster?',
      response: 'Use a hash map.',
      model: 'claude-test',
      inputTokens: 321,
      outputTokens: 12,
      stopReason: 'end_turn',
      error: null,
    });
    expect((events[4]!.data as { interactionId: string }).interactionId).toBe(stored!.id);

    const types = (
      await stack.database.db
        .select()
        .from(sessionEvents)
        .where(eq(sessionEvents.sessionId, interview.session.id))
    ).map((e) => e.type);
    expect(types).toContain('ai_turn_started');
    expect(types).toContain('ai_turn_finished');
  });

  it('chooses the context: the problem, the open file and the key, not the whole workspace', async () => {
    const request = anthropic.requests.at(-1)!;
    expect(request.headers['x-api-key'] ?? request.headers.authorization).toBeTruthy();
    const system = JSON.stringify(request.body.system);
    expect(system).toContain('Two Sum');
    expect(system).toContain('export function twoSum() {}');
    expect(system).not.toContain('hidden.test.ts');
    expect(request.body.tools?.map((tool) => tool.name)).toEqual(['list_files', 'read_file']);
    expect(request.body.messages.at(-1)).toEqual({
      role: 'user',
      content: 'How do I make this faster?',
    });
  });

  it('lets the assistant read a workspace file through a tool and keeps streaming after it', async () => {
    anthropic.script(
      {
        text: ['Let me look. '],
        toolUse: { name: 'read_file', input: { path: 'solution.test.ts' } },
      },
      { text: ['Your tests expect [0, 1].'] },
    );
    const events = await readSse(
      await interview.browser.postJson(chatPath(), { message: 'What do the tests want?' }),
    );
    expect(events.at(-1)!.event).toBe('done');
    const second = anthropic.requests.at(-1)!;
    const toolResult = JSON.stringify(second.body.messages.at(-1));
    expect(toolResult).toContain('tool_result');
    expect(toolResult).toContain('finds a pair at the start');
    // The earlier turn is part of the conversation.
    expect(JSON.stringify(second.body.messages)).toContain('Use a hash map.');
  });

  it('reports an upstream failure as an error event and stores it', async () => {
    anthropic.script({ errorStatus: 400 });
    const events = await readSse(
      await interview.browser.postJson(chatPath(), { message: 'Hello?' }),
    );
    expect(events.map((e) => e.event)).toEqual(['usage', 'error']);
    expect((events[1]!.data as { code: string }).code).toBe('AI_UPSTREAM_ERROR');
    const stored = await storedTurn('Hello?');
    expect(stored).toMatchObject({ response: '', error: expect.stringContaining('400') });
  });

  it('has stored the candidate’s message and its ai_turn_started event before the model is asked', async () => {
    const { hold, answer } = heldAnswer();
    anthropic.script({ hold, errorStatus: 500 });
    const asked = anthropic.requests.length;
    const pending = interview.browser.postJson(chatPath(), { message: 'Stored before asking?' });
    await eventually(() => anthropic.requests.length > asked, 'the model asked');
    // The model has the request and has not answered: the message is already committed.
    const stored = await storedTurn('Stored before asking?');
    expect(stored).toMatchObject({ response: '', error: null, model: 'claude-test' });
    const started = await stack.database.db
      .select()
      .from(sessionEvents)
      .where(
        and(
          eq(sessionEvents.sessionId, interview.session.id),
          eq(sessionEvents.type, 'ai_turn_started'),
        ),
      );
    expect(started.map((event) => event.data)).toContainEqual({
      interactionId: stored!.id,
      prompt: 'Stored before asking?',
    });
    answer();
    const events = await readSse(await pending);
    expect(events.map((e) => e.event)).toEqual(['usage', 'error']);
    const [after] = await stack.database.db
      .select()
      .from(aiInteractions)
      .where(eq(aiInteractions.id, stored!.id));
    expect(after!.error).toContain('500');
  });

  it('lets only one of several turns sent at the same moment through, and stores only it', async () => {
    const before = await turnsOf(interview.session.id);
    // The turn that gets through keeps streaming until every answer is in.
    const { hold, answer } = heldAnswer();
    anthropic.script({ hold, text: ['only ', 'one'] });
    const responses = await Promise.all(
      [1, 2, 3, 4].map((n) => interview.browser.postJson(chatPath(), { message: `together ${n}` })),
    );
    const statuses = responses.map((response) => response.status).sort();
    answer();
    for (const response of responses) {
      if (response.status === 429) {
        expect((await response.json()).error.code).toBe('RATE_LIMITED');
      } else {
        expect((await readSse(response)).at(-1)!.event).toBe('done');
      }
    }
    expect(statuses).toEqual([200, 429, 429, 429]);
    expect(await turnsOf(interview.session.id)).toBe(before + 1);
  });

  it('refuses a malformed body with 400 and a stranger with 403', async () => {
    const bad = await interview.browser.postJson(chatPath(), { message: '' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('BAD_REQUEST');
    const { TestClient } = await import('./support/http.ts');
    const stranger = await new TestClient(stack.baseUrl).postJson(chatPath(), { message: 'hi' });
    expect(stranger.status).toBe(403);
  });

  it('answers one turn at a time per session', async () => {
    anthropic.script({ text: ['slow', ' answer'], delayMs: 300 });
    const first = interview.browser.postJson(chatPath(), { message: 'one' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const second = await interview.browser.postJson(chatPath(), { message: 'two' });
    expect(second.status).toBe(429);
    expect((await second.json()).error.code).toBe('RATE_LIMITED');
    await (await first).text();
  });

  it('lets one of several turns claimed in the same instant start, and records only it', async () => {
    // The HTTP test above rarely lands two requests inside one database round
    // trip; here they all start together, as they could on a busy server.
    const before = await turnsOf(interview.session.id);
    const decisions = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        startChatTurn(stack.database.db, {
          sessionId: interview.session.id,
          prompt: `same instant ${n}`,
          model: 'claude-test',
        }),
      ),
    );
    const started = decisions.filter((decision) => decision.ok);
    expect(started).toHaveLength(1);
    for (const decision of started) decision.release();
    expect(await turnsOf(interview.session.id)).toBe(before + 1);
  });

  it('refuses a turn over the window limit with 429 and a retry-after, and stores nothing', async () => {
    const before = await turnsOf(interview.session.id);
    const filler = Array.from({ length: CHAT_RATE_LIMIT.turns }, (_, n) => ({
      sessionId: interview.session.id,
      prompt: `earlier ${n}`,
      response: 'ok',
      model: 'claude-test',
    }));
    const inserted = await stack.database.db
      .insert(aiInteractions)
      .values(filler)
      .returning({ id: aiInteractions.id });
    try {
      const response = await interview.browser.postJson(chatPath(), { message: 'one too many' });
      expect(response.status).toBe(429);
      expect((await response.json()).error.code).toBe('RATE_LIMITED');
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(500);
      expect(await turnsOf(interview.session.id)).toBe(before + CHAT_RATE_LIMIT.turns);
    } finally {
      await stack.database.db.delete(aiInteractions).where(
        inArray(
          aiInteractions.id,
          inserted.map((row) => row.id),
        ),
      );
    }
  });

  it('says the assistant is off when the assessment disables it', async () => {
    await stack.database.db
      .update(assessments)
      .set({ enableAI: false })
      .where(eq(assessments.id, interview.candidate.assessmentId));
    const response = await interview.browser.postJson(chatPath(), { message: 'hi' });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('AI_DISABLED');
    await stack.database.db
      .update(assessments)
      .set({ enableAI: true })
      .where(eq(assessments.id, interview.candidate.assessmentId));
  });
});

describe('the chat route’s own interview lookup', () => {
  it('finds what loadInterview finds: the problem the candidate is on, else the first, else the session’s own', async () => {
    const invited = await inviteToAssessment(
      stack,
      interview.candidate.assessmentId,
      'Lookup Candidate',
      'lookup@example.com',
    );
    const fresh = await startInvitedInterview(stack, invited.token);
    const db = stack.database.db;
    const sessionId = fresh.session.id;
    const sameAsLoadInterview = async () => {
      const full = (await loadInterview(db, fresh.candidateId))!;
      const lean = await loadChatInterview(db, fresh.candidateId);
      expect(lean).toEqual({
        organizationId: full.candidate.organizationId,
        enableAI: full.assessment.enableAI,
        aiPolicy: full.assessment.aiPolicy,
        sessionId: full.session!.id,
        status: full.session!.status,
        problem: full.problem
          ? { title: full.problem.title, description: full.problem.description }
          : null,
      });
      return lean!;
    };
    const first = (await sameAsLoadInterview()).problem!.title;
    expect(first).toBe('Two Sum');

    // A second problem, and the candidate moved on to it.
    const [other] = await db
      .select({ id: problems.id, title: problems.title })
      .from(problems)
      .where(ne(problems.title, first))
      .limit(1);
    await db.insert(sessionProblems).values({
      sessionId,
      position: 1,
      problemId: other!.id,
      folder: 'second',
    });
    const onProblem = (position: number) =>
      db
        .update(interviewSessions)
        .set({ currentProblem: position })
        .where(eq(interviewSessions.id, sessionId));
    await onProblem(1);
    expect((await sameAsLoadInterview()).problem!.title).toBe(other!.title);
    // A position without a problem: the first.
    await onProblem(7);
    expect((await sameAsLoadInterview()).problem!.title).toBe(first);
    // A session without problem rows (before decision 021): the session's own problem.
    await db.delete(sessionProblems).where(eq(sessionProblems.sessionId, sessionId));
    expect((await sameAsLoadInterview()).problem!.title).toBe(first);
    await db
      .update(interviewSessions)
      .set({ status: 'COMPLETED' })
      .where(eq(interviewSessions.id, sessionId));
    expect((await sameAsLoadInterview()).status).toBe('COMPLETED');
    expect(await loadChatInterview(db, 'no-such-candidate')).toBeNull();
  });
});

describe('the AI assistant without ANTHROPIC_API_KEY', () => {
  it('answers 503 AI_UNAVAILABLE instead of failing', async () => {
    const bare = await startTestStack();
    try {
      const candidate = await startDemoInterview(bare);
      const response = await candidate.browser.postJson(
        `/api/interview/${candidate.candidateId}/chat`,
        {
          message: 'hi',
        },
      );
      expect(response.status).toBe(503);
      expect((await response.json()).error.code).toBe('AI_UNAVAILABLE');
    } finally {
      await bare.close();
    }
  }, 60_000);
});
