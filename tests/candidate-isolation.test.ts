import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteCandidate } from '../app/assessments/candidate-invitations.server.ts';
import { candidates, emailOutbox, interviewSessions } from '../db/schema/index.ts';
import { latestInviteToken, startDemoInterview } from './support/candidate.ts';
import { TestClient } from './support/http.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
let ada: Awaited<ReturnType<typeof startDemoInterview>>;
let bob: { browser: TestClient; candidateId: string };

/** A second candidate who starts through their own e-mailed link. */
async function startAnother(name: string, email: string) {
  const context = { services: stack.tandem.app.services };
  const { candidateId } = await inviteCandidate(context, {
    organizationId: stack.demo.organizationId,
    assessmentId: ada.candidate.assessmentId,
    invitedById: ada.candidate.invitedById!,
    name,
    email,
  });
  const [mail] = await stack.database.db
    .select()
    .from(emailOutbox)
    .where(eq(emailOutbox.to, email));
  const token = /\/invite\/([\w-]+)/.exec(mail!.text)![1]!;
  const browser = new TestClient(stack.baseUrl);
  expect((await browser.postForm(`/invite/${token}`, {})).status).toBe(302);
  return { browser, candidateId, token };
}

beforeAll(async () => {
  stack = await startTestStack();
  ada = await startDemoInterview(stack);
  bob = await startAnother('Bob', 'bob@example.com');
}, 90_000);
afterAll(async () => {
  await stack?.close();
});

describe('one candidate’s browser opens nothing of another’s interview', () => {
  it.each([
    ['GET', 'status'],
    ['POST', 'initialize'],
    ['POST', 'chat'],
    ['POST', 'run-tests'],
    ['POST', 'events/batch'],
    ['POST', 'submit'],
  ])('%s /api/interview/:id/%s answers 403', async (method, path) => {
    const response = await ada.browser.request(`/api/interview/${bob.candidateId}/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(method === 'POST' ? { body: JSON.stringify({ message: 'hi', events: [] }) } : {}),
    });
    expect(response.status).toBe(403);
  });

  it('refuses the other candidate’s workspace page', async () => {
    expect((await ada.browser.request(`/interview/${bob.candidateId}`)).status).toBe(403);
  });

  it('still resumes its own interview after a reload, with less time left', async () => {
    const first = await (
      await ada.browser.postJson(`/api/interview/${ada.candidateId}/initialize`)
    ).json();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await (
      await ada.browser.postJson(`/api/interview/${ada.candidateId}/initialize`)
    ).json();
    expect(second.resumed).toBe(true);
    expect(second.session.id).toBe(first.session.id);
    expect(second.session.timeRemaining).toBeLessThan(first.session.timeRemaining);
    expect((await ada.browser.request(`/interview/${ada.candidateId}`)).status).toBe(200);
  });
});

describe('one browser, two interviews', () => {
  it('keeps the first interview open after the same browser starts a second one', async () => {
    // The same person invited to a second assessment (or twice) opens both links in one browser.
    const context = { services: stack.tandem.app.services };
    const { candidateId: secondId } = await inviteCandidate(context, {
      organizationId: stack.demo.organizationId,
      assessmentId: ada.candidate.assessmentId,
      invitedById: ada.candidate.invitedById!,
      name: ada.candidate.name,
      email: ada.candidate.email,
    });
    const token = await latestInviteToken(stack, ada.candidate.email);
    const started = await ada.browser.postForm(`/invite/${token}`, {});
    expect(started.headers.get('location')).toBe(`/interview/${secondId}`);
    for (const id of [ada.candidateId, secondId]) {
      expect((await ada.browser.request(`/interview/${id}`)).status).toBe(200);
      expect((await ada.browser.request(`/api/interview/${id}/status`)).status).toBe(200);
    }
    // Still nothing of anyone else's.
    expect((await ada.browser.request(`/interview/${bob.candidateId}`)).status).toBe(403);
    expect((await bob.browser.request(`/interview/${secondId}`)).status).toBe(403);
  });
});

describe('invitations that no longer work', () => {
  it('refuses an expired invitation with a clear page, and does not start anything', async () => {
    const context = { services: stack.tandem.app.services };
    const { candidateId } = await inviteCandidate(context, {
      organizationId: stack.demo.organizationId,
      assessmentId: ada.candidate.assessmentId,
      invitedById: ada.candidate.invitedById!,
      name: 'Eve',
      email: 'eve@example.com',
    });
    await stack.database.db
      .update(candidates)
      .set({ inviteExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(candidates.id, candidateId));
    const [mail] = await stack.database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.to, 'eve@example.com'));
    const token = /\/invite\/([\w-]+)/.exec(mail!.text)![1]!;
    const browser = new TestClient(stack.baseUrl);
    const page = await browser.request(`/invite/${token}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('expired');
    expect((await browser.postForm(`/invite/${token}`, {})).headers.get('location')).toBe(
      `/invite/${token}`,
    );
    const [row] = await stack.database.db
      .select()
      .from(candidates)
      .where(eq(candidates.id, candidateId));
    // Nothing started; the deadline watcher may already have marked it EXPIRED on its own.
    expect(['INVITED', 'EXPIRED']).toContain(row?.status);
    expect(row?.startedAt ?? null).toBeNull();
    const sessions = await stack.database.db
      .select()
      .from(interviewSessions)
      .where(eq(interviewSessions.candidateId, candidateId));
    expect(sessions).toHaveLength(0);
    await stack.tandem.app.deadlines.tick();
    const [after] = await stack.database.db
      .select()
      .from(candidates)
      .where(eq(candidates.id, candidateId));
    expect(after?.status).toBe('EXPIRED');
    // Once the watcher has marked it, the link still says why it no longer works.
    const later = await browser.request(`/invite/${token}`);
    expect(later.status).toBe(410);
    expect(await later.text()).toContain('This invitation has expired');
  });

  it('answers a submitted interview’s initialize with its status, not a new session', async () => {
    await ada.browser.postJson(`/api/interview/${ada.candidateId}/submit`);
    const response = await ada.browser.postJson(`/api/interview/${ada.candidateId}/initialize`);
    expect(response.status).toBe(409);
    expect((await response.json()).error.code).toBe('SESSION_SUBMITTED');
    const page = await ada.browser.request(`/interview/${ada.candidateId}`);
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe(`/interview/${ada.candidateId}/done`);
  }, 60_000);
});
