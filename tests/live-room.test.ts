import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionEvents } from '../db/schema/index.ts';
import { encodeRoomMessage } from '../protocol/room.ts';
import { startInvitedCandidate } from './support/candidate.ts';
import { connectToSession, eventually, type TestCollabClient } from './support/collab-client.ts';
import { createMember, signedInClient } from './support/fixtures.ts';
import type { TestClient } from './support/http.ts';
import { listenToRoom } from './support/room-listener.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
let team: TestClient;
const clients: TestCollabClient[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  team = await signedInClient(stack.baseUrl, stack.demo.interviewerEmail, stack.demo.password);
}, 90_000);
afterAll(async () => {
  for (const client of clients) client.close();
  await stack?.close();
});

/** A started candidate with a candidate connection and an observer connection listening to the room. */
async function room(name: string) {
  const started = await startInvitedCandidate(stack, name, `${name.toLowerCase()}@example.com`);
  const candidate = await connectToSession(stack, started.session, {
    role: 'candidate',
    subject: started.candidateId,
  });
  const observer = await connectToSession(stack, started.session, {
    role: 'interviewer',
    subject: 'observer',
  });
  clients.push(candidate, observer);
  return {
    ...started,
    candidate,
    candidateRoom: listenToRoom(candidate),
    observerRoom: listenToRoom(observer),
  };
}

describe('the live room', () => {
  it('pushes pause, resume, extension and submission to the candidate and the observers', async () => {
    const ann = await room('Ann');
    const act = (body: Record<string, unknown>) =>
      team.postJson(`/api/candidates/${ann.candidateId}/actions`, body);
    for (const [body, event] of [
      [{ action: 'pause' }, 'session.paused'],
      [{ action: 'extend', minutes: 5 }, 'time.extended'],
      [{ action: 'resume' }, 'session.resumed'],
    ] as const) {
      const sent = Date.now();
      expect((await act(body)).status).toBe(200);
      const [forCandidate, forObserver] = await Promise.all([
        ann.candidateRoom.waitFor(event),
        ann.observerRoom.waitFor(event),
      ]);
      // Pushed, and within a second of the action's request (the app waits for the relay).
      expect(Date.now() - sent).toBeLessThan(5000);
      expect(forCandidate).toEqual(forObserver);
    }
    const paused = ann.observerRoom.messages.find(
      (m) => m.type === 'room' && m.event === 'session.paused',
    );
    expect(paused?.type === 'room' && paused.state.status).toBe('PAUSED');

    expect((await ann.browser.postJson(`/api/interview/${ann.candidateId}/submit`)).status).toBe(
      200,
    );
    const submitted = await ann.observerRoom.waitFor('session.submitted');
    expect(submitted.type === 'room' && submitted.state.status).toBe('COMPLETED');
    const events = await stack.database.db
      .select()
      .from(sessionEvents)
      .where(
        and(eq(sessionEvents.sessionId, ann.session.id), eq(sessionEvents.type, 'room_changed')),
      );
    expect(events.map((event) => event.data.event)).toEqual([
      'session.paused',
      'time.extended',
      'session.resumed',
      'session.submitted',
    ]);
  }, 120_000);

  it('ignores a candidate who claims to speak for the room', async () => {
    const ben = await room('Ben');
    // The forged end would make observers think the interview is over.
    ben.candidate.provider.sendStateless(
      encodeRoomMessage({
        type: 'room',
        event: 'session.submitted',
        state: {
          status: 'COMPLETED',
          deadlineAt: new Date().toISOString(),
          pausedAt: null,
          pausedSeconds: 0,
          endedAt: new Date().toISOString(),
          endReason: 'candidate',
          serverTime: new Date().toISOString(),
        },
      }),
    );
    // A real message sent after it arrives; the forged one never does.
    expect(
      (await team.postJson(`/api/candidates/${ben.candidateId}/actions`, { action: 'pause' }))
        .status,
    ).toBe(200);
    await ben.observerRoom.waitFor('session.paused');
    expect(ben.observerRoom.messages.map((m) => m.type === 'room' && m.event)).toEqual([
      'session.paused',
    ]);
  });

  it('carries the chat between interviewers and the candidate, and keeps it for the replay', async () => {
    const cat = await room('Cat');
    const fromCandidate = await cat.browser.postJson(
      `/api/interview/${cat.candidateId}/room-chat`,
      {
        text: 'Can I use a library for this?',
      },
    );
    expect(fromCandidate.status).toBe(200);
    const fromTeam = await team.postJson(`/api/candidates/${cat.candidateId}/room-chat`, {
      text: '  Standard library only, please.  ',
    });
    expect(fromTeam.status).toBe(200);
    const chatOf = (listener: ReturnType<typeof listenToRoom>) =>
      listener.messages.flatMap((m) =>
        m.type === 'chat' ? [`${m.message.authorRole}: ${m.message.text}`] : [],
      );
    await eventually(
      () => chatOf(cat.candidateRoom).length === 2,
      'both lines reached the candidate',
    );
    expect(chatOf(cat.observerRoom)).toEqual([
      'candidate: Can I use a library for this?',
      'interviewer: Standard library only, please.',
    ]);

    const empty = await team.postJson(`/api/candidates/${cat.candidateId}/room-chat`, {
      text: ' ',
    });
    expect((await empty.json()).error.code).toBe('EMPTY');
    const long = await cat.browser.postJson(`/api/interview/${cat.candidateId}/room-chat`, {
      text: 'x'.repeat(2001),
    });
    expect((await long.json()).error.code).toBe('TOO_LONG');
    const viewer = await createMember(stack.database.db, stack.demo.organizationId, 'viewer');
    const asViewer = await signedInClient(stack.baseUrl, viewer.email);
    expect(
      (await asViewer.postJson(`/api/candidates/${cat.candidateId}/room-chat`, { text: 'hi' }))
        .status,
    ).toBe(403);

    const history = await stack.database.db
      .select()
      .from(sessionEvents)
      .where(
        and(eq(sessionEvents.sessionId, cat.session.id), eq(sessionEvents.type, 'chat_message')),
      );
    expect(history.map((row) => row.data.text)).toEqual([
      'Can I use a library for this?',
      'Standard library only, please.',
    ]);
    // The observer's page after the end: the final state, a link to the replay, no terminal error.
    expect((await cat.browser.postJson(`/api/interview/${cat.candidateId}/submit`)).status).toBe(
      200,
    );
    const closed = await cat.browser.postJson(`/api/interview/${cat.candidateId}/room-chat`, {
      text: 'one more thing',
    });
    expect(closed.status).toBe(409);
    const page = await team.request(`/candidates/${cat.candidateId}/observe`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Interview over (submitted).');
    expect(html).toContain(`/candidates/${cat.candidateId}/replay`);
    expect(html).toContain('its terminal is in the');
    expect(html).toContain('Standard library only, please.');
  }, 120_000);
});
