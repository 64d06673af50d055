import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidates, yjsDocuments, yjsUpdates } from '../db/schema/index.ts';
import { TestClient } from './support/http.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

describe('signing in and starting an interview', () => {
  it('signs the interviewer in with e-mail and password and shows the dashboard', async () => {
    const browser = new TestClient(stack.baseUrl);
    const refused = await browser.postForm('/login', {
      intent: 'password',
      email: stack.demo.interviewerEmail,
      password: 'wrong-password',
    });
    expect(refused.status).toBe(401);
    const login = await browser.postForm('/login', {
      intent: 'password',
      email: stack.demo.interviewerEmail,
      password: stack.demo.password,
      redirectTo: '/dashboard',
    });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toBe('/dashboard');
    const dashboard = await browser.request('/dashboard');
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('Ada Lovelace');
  });

  it('sends an anonymous visitor of the dashboard to the login page', async () => {
    const response = await new TestClient(stack.baseUrl).request('/dashboard');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login?redirectTo=%2Fdashboard');
  });

  it('starts the interview once from the invitation, seeds the document, and resumes with the true time left', async () => {
    const token = stack.demo.inviteToken!;
    const candidateBrowser = new TestClient(stack.baseUrl);
    const page = await candidateBrowser.request(`/invite/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Start interview');

    const start = await candidateBrowser.postForm(`/invite/${token}`, {});
    expect(start.status).toBe(302);
    const [candidate] = await stack.database.db.select().from(candidates);
    expect(start.headers.get('location')).toBe(`/interview/${candidate!.id}`);

    // The same link in another browser does not get in by itself: it asks for an e-mailed code
    // (tests/resume-anywhere.test.ts), and starting again leads back to that page.
    const stranger = new TestClient(stack.baseUrl);
    const elsewhere = await stranger.request(`/invite/${token}`);
    expect(elsewhere.status).toBe(200);
    expect(await elsewhere.text()).toContain('E-mail me a code');
    expect((await stranger.postForm(`/invite/${token}`, {})).headers.get('location')).toBe(
      `/invite/${token}`,
    );
    expect(stranger.cookies.size).toBe(0);
    // The browser that used it is sent back to its interview.
    expect((await candidateBrowser.request(`/invite/${token}`)).headers.get('location')).toBe(
      `/interview/${candidate!.id}`,
    );

    const first = await candidateBrowser.postJson(`/api/interview/${candidate!.id}/initialize`);
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body.resumed).toBe(true); // the invitation's Start already created it
    expect(body.currentQuestion.title).toBe('Two Sum');
    expect(body.session.timeRemaining).toBeGreaterThan(59 * 60);
    expect(body.session.timeRemaining).toBeLessThanOrEqual(60 * 60);
    expect(body.files.map((node: { path: string }) => node.path)).toEqual([
      'README.md',
      'solution.test.ts',
      'solution.ts',
    ]);
    expect(
      body.currentQuestion.testCases.filter((t: { hidden: boolean }) => t.hidden),
    ).toHaveLength(3);
    expect(JSON.stringify(body)).not.toContain('large input');

    const [document] = await stack.database.db
      .select()
      .from(yjsDocuments)
      .where(eq(yjsDocuments.name, `session/${body.session.id}`));
    expect(document?.sizeBytes).toBeGreaterThan(100);
    const updates = await stack.database.db
      .select()
      .from(yjsUpdates)
      .where(eq(yjsUpdates.documentName, `session/${body.session.id}`));
    expect(updates.map((u) => [u.seq, u.origin])).toEqual([[1, 'seed']]);

    const [after] = await stack.database.db.select().from(candidates);
    expect(after?.status).toBe('IN_PROGRESS');
  });

  it("refuses to initialize another candidate's interview", async () => {
    const [candidate] = await stack.database.db.select().from(candidates);
    const response = await new TestClient(stack.baseUrl).postJson(
      `/api/interview/${candidate!.id}/initialize`,
    );
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('FORBIDDEN');
  });
});
