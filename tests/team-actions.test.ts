import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, candidates, interviewSessions, sessionEvents } from '../db/schema/index.ts';
import { latestInviteToken, startInvitedCandidate } from './support/candidate.ts';
import { connectToSession, type TestCollabClient } from './support/collab-client.ts';
import { createMember, signedInClient } from './support/fixtures.ts';
import type { TestClient } from './support/http.ts';
import { listenToRoom } from './support/room-listener.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
let team: TestClient;
const observers: TestCollabClient[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  team = await signedInClient(stack.baseUrl, stack.demo.interviewerEmail, stack.demo.password);
}, 90_000);
afterAll(async () => {
  for (const observer of observers) observer.close();
  await stack?.close();
});

async function started(name: string) {
  const email = `${name.toLowerCase()}@example.com`;
  const candidate = await startInvitedCandidate(stack, name, email);
  const observer = await connectToSession(stack, candidate.session, {
    role: 'interviewer',
    subject: 'watcher',
  });
  observers.push(observer);
  return { ...candidate, email, room: listenToRoom(observer) };
}

function act(candidateId: string, body: Record<string, unknown>) {
  return team.postJson(`/api/candidates/${candidateId}/actions`, body);
}

async function sessionOf(candidateId: string) {
  const [row] = await stack.database.db
    .select()
    .from(interviewSessions)
    .where(eq(interviewSessions.candidateId, candidateId));
  return row!;
}

async function auditActions(candidateId: string) {
  const rows = await stack.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetType, 'candidate'), eq(auditLog.targetId, candidateId)));
  return rows.map((row) => row.action).sort();
}

describe('team actions on a started interview', () => {
  it('pausing stops the clock: the deadline watcher does not submit a paused interview', async () => {
    const ann = await started('Ann');
    const response = await act(ann.candidateId, { action: 'pause' });
    expect(response.status).toBe(200);
    expect((await response.json()).state).toMatchObject({ status: 'PAUSED' });
    // The room heard it before the team's request returned: the app waits for the relay's echo.
    const pushed = ann.room.messages.find((m) => m.type === 'room' && m.event === 'session.paused');
    expect(pushed).toBeTruthy();

    // Its deadline passes while paused: the watcher leaves it alone.
    await stack.database.db
      .update(interviewSessions)
      .set({ deadlineAt: new Date(Date.now() - 5000) })
      .where(eq(interviewSessions.id, ann.session.id));
    await stack.tandem.app.deadlines.tick();
    expect((await sessionOf(ann.candidateId)).status).toBe('PAUSED');
    const [candidate] = await stack.database.db
      .select()
      .from(candidates)
      .where(eq(candidates.id, ann.candidateId));
    expect(candidate?.status).toBe('IN_PROGRESS');
    expect(await auditActions(ann.candidateId)).toEqual(['candidate.pause']);

    // Pausing twice is refused with a code.
    const again = await act(ann.candidateId, { action: 'pause' });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('WRONG_STATE');
  });

  it('resuming moves the deadline by the time spent paused, which the duration does not count', async () => {
    const ben = await started('Ben');
    await stack.database.db
      .update(interviewSessions)
      .set({ startedAt: new Date(Date.now() - 600_000) })
      .where(eq(interviewSessions.id, ben.session.id));
    expect((await act(ben.candidateId, { action: 'pause' })).status).toBe(200);
    // Paused for two minutes (moved back rather than waited for).
    await stack.database.db
      .update(interviewSessions)
      .set({ pausedAt: new Date(Date.now() - 120_000) })
      .where(eq(interviewSessions.id, ben.session.id));
    const before = await sessionOf(ben.candidateId);

    const response = await act(ben.candidateId, { action: 'resume' });
    expect(response.status).toBe(200);
    const after = await sessionOf(ben.candidateId);
    expect(after.status).toBe('ACTIVE');
    expect(after.pausedAt).toBeNull();
    const moved = (after.deadlineAt.getTime() - before.deadlineAt.getTime()) / 1000;
    expect(moved).toBeGreaterThanOrEqual(119);
    expect(moved).toBeLessThan(140);
    expect(after.pausedSeconds).toBeGreaterThanOrEqual(119);
    await ben.room.waitFor('session.resumed');

    // Ending now submits it (reason admin): ten minutes since the start, two of them paused.
    const ended = await act(ben.candidateId, { action: 'end' });
    expect(ended.status).toBe(200);
    expect(await ended.json()).toMatchObject({ ended: true });
    await ben.room.waitFor('session.submitted');
    const final = await sessionOf(ben.candidateId);
    expect(final).toMatchObject({ status: 'COMPLETED', endReason: 'admin' });
    const [candidate] = await stack.database.db
      .select()
      .from(candidates)
      .where(eq(candidates.id, ben.candidateId));
    expect(candidate?.status).toBe('COMPLETED');
    expect(candidate?.durationSeconds).toBeGreaterThanOrEqual(470);
    expect(candidate?.durationSeconds).toBeLessThan(500);
    expect(await auditActions(ben.candidateId)).toEqual([
      'candidate.end',
      'candidate.pause',
      'candidate.resume',
    ]);
    // Ending again is refused.
    expect((await act(ben.candidateId, { action: 'end' })).status).toBe(409);
  }, 120_000);

  it('extends the time by whole minutes, pushed to the room, and refuses nonsense', async () => {
    const cat = await started('Cat');
    const before = await sessionOf(cat.candidateId);
    const response = await act(cat.candidateId, { action: 'extend', minutes: 10 });
    expect(response.status).toBe(200);
    const after = await sessionOf(cat.candidateId);
    expect(after.deadlineAt.getTime() - before.deadlineAt.getTime()).toBe(600_000);
    const pushed = await cat.room.waitFor('time.extended');
    expect(pushed.type === 'room' && pushed.state.deadlineAt).toBe(after.deadlineAt.toISOString());

    for (const minutes of [0, -5, 1.5, 10_000, 'ten']) {
      const bad = await act(cat.candidateId, { action: 'extend', minutes });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.code).toBe('BAD_MINUTES');
    }
    const unknown = await act(cat.candidateId, { action: 'explode' });
    expect((await unknown.json()).error.code).toBe('BAD_ACTION');
    expect(await auditActions(cat.candidateId)).toEqual(['candidate.extend']);
    // The replay's event log has it.
    const events = await stack.database.db
      .select()
      .from(sessionEvents)
      .where(
        and(eq(sessionEvents.sessionId, cat.session.id), eq(sessionEvents.type, 'room_changed')),
      );
    expect(events.map((event) => event.data.event)).toEqual(['time.extended']);
  });

  it('sends a new link that replaces the old one', async () => {
    const dan = await started('Dan');
    const response = await act(dan.candidateId, { action: 'new-link' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ emailStatus: 'outbox' });
    const fresh = await latestInviteToken(stack, dan.email);
    expect(fresh).not.toBe(dan.token);
    const old = await team.request(`/invite/${dan.token}`);
    expect(old.status).toBe(404); // the old link names nothing any more
    expect(await auditActions(dan.candidateId)).toEqual(['candidate.new-link']);
  });

  it('lets only interviewers and above act, and only on their own organization’s candidates', async () => {
    const eve = await started('Eve');
    const viewer = await createMember(stack.database.db, stack.demo.organizationId, 'viewer');
    const asViewer = await signedInClient(stack.baseUrl, viewer.email);
    const refused = await asViewer.postJson(`/api/candidates/${eve.candidateId}/actions`, {
      action: 'pause',
    });
    expect(refused.status).toBe(403);
    const missing = await act('no-such-candidate', { action: 'pause' });
    expect(missing.status).toBe(404);
    expect((await sessionOf(eve.candidateId)).status).toBe('ACTIVE');
  });
});
