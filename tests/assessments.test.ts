import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessments, candidates, emailOutbox, problems } from '../db/schema/index.ts';
import { createMember, createOrganization, signedInClient } from './support/fixtures.ts';
import { TestClient } from './support/http.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
let interviewer: TestClient;
beforeAll(async () => {
  stack = await startTestStack();
  interviewer = await signedInClient(
    stack.baseUrl,
    stack.demo.interviewerEmail,
    stack.demo.password,
  );
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

async function demoProblemIds() {
  const rows = await stack.database.db.select({ id: problems.id }).from(problems);
  return rows.map((row) => row.id);
}

function assessmentForm(problemIds: string[], overrides: Record<string, string> = {}) {
  const body = new URLSearchParams({
    title: 'Frontend screen',
    description: 'Two problems',
    durationMinutes: '45',
    enableAI: 'on',
    ...overrides,
  });
  for (const id of problemIds) body.append('problemIds', id);
  return body;
}

async function post(client: TestClient, path: string, body: URLSearchParams) {
  return client.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
}

describe('assessments and candidate invitations', () => {
  it('creates an assessment with ordered problems and shows it in the list', async () => {
    const [first, second] = await demoProblemIds();
    const created = await post(interviewer, '/assessments/new', assessmentForm([second!, first!]));
    expect(created.status).toBe(302);
    const location = created.headers.get('location')!;
    const page = await interviewer.request(location);
    const html = await page.text();
    expect(html).toContain('Frontend screen');
    expect(html).toContain('45 minutes');
    expect(html).toContain('Terminal off');
    const list = await (await interviewer.request('/assessments')).text();
    expect(list).toContain('Frontend screen');
  });

  it('rejects an assessment without problems or with a silly duration, naming the fields', async () => {
    const response = await post(
      interviewer,
      '/assessments/new',
      assessmentForm([], { durationMinutes: '2', title: 'Too short' }),
    );
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain('Duration must be at least 5 minutes.');
    expect(body).toContain('Choose at least one problem.');
  });

  it('edits an assessment', async () => {
    const [assessment] = await stack.database.db
      .select()
      .from(assessments)
      .where(eq(assessments.title, 'Frontend screen'));
    const ids = await demoProblemIds();
    const response = await post(
      interviewer,
      `/assessments/${assessment!.id}/edit`,
      assessmentForm([ids[2]!], { title: 'Frontend screen v2', durationMinutes: '30' }),
    );
    expect(response.status).toBe(302);
    const [updated] = await stack.database.db
      .select()
      .from(assessments)
      .where(eq(assessments.id, assessment!.id));
    expect(updated).toMatchObject({
      title: 'Frontend screen v2',
      durationMinutes: 30,
      enableTerminal: false,
    });
  });

  it('shows the edit form at /assessments/:id/edit (not the assessment page)', async () => {
    const [assessment] = await stack.database.db
      .select()
      .from(assessments)
      .where(eq(assessments.title, 'Frontend screen v2'));
    const response = await interviewer.request(`/assessments/${assessment!.id}/edit`);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toMatch(/<h1>Edit (<!-- -->)?Frontend screen v2<\/h1>/);
    expect(body).toMatch(/<input[^>]*name="title"[^>]*value="Frontend screen v2"/);
  });

  it('invites a candidate into the outbox, resends a fresh link, and revokes it', async () => {
    const [assessment] = await stack.database.db
      .select()
      .from(assessments)
      .where(eq(assessments.title, 'Frontend screen v2'));
    const path = `/assessments/${assessment!.id}`;
    const invited = await post(
      interviewer,
      path,
      new URLSearchParams({ intent: 'invite', name: 'Alan Turing', email: 'ALAN@example.com ' }),
    );
    expect(invited.status).toBe(200);
    expect(await invited.text()).toContain('is in the outbox');
    const mails = await stack.database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.to, 'alan@example.com'));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      kind: 'candidate-invite',
      status: 'outbox',
      provider: 'outbox',
    });
    const link = mails[0]!.text.match(/\/invite\/([A-Za-z0-9_-]+)/)![1]!;
    expect((await new TestClient(stack.baseUrl).request(`/invite/${link}`)).status).toBe(200);

    const [candidate] = await stack.database.db
      .select()
      .from(candidates)
      .where(eq(candidates.email, 'alan@example.com'));
    await post(
      interviewer,
      path,
      new URLSearchParams({ intent: 'resend', candidateId: candidate!.id }),
    );
    const after = await stack.database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.to, 'alan@example.com'));
    expect(after).toHaveLength(2);
    const newLink = after
      .map((mail) => mail.text.match(/\/invite\/([A-Za-z0-9_-]+)/)![1]!)
      .find((t) => t !== link)!;
    expect((await new TestClient(stack.baseUrl).request(`/invite/${link}`)).status).toBe(404);
    expect((await new TestClient(stack.baseUrl).request(`/invite/${newLink}`)).status).toBe(200);

    await post(
      interviewer,
      path,
      new URLSearchParams({ intent: 'revoke', candidateId: candidate!.id }),
    );
    const revoked = await new TestClient(stack.baseUrl).request(`/invite/${newLink}`);
    expect(revoked.status).toBe(410);
    expect(await revoked.text()).toContain('withdrawn');
  });

  it('does not let a viewer create assessments or invite candidates', async () => {
    const viewer = await createMember(stack.database.db, stack.demo.organizationId, 'viewer');
    const client = await signedInClient(stack.baseUrl, viewer.email);
    const ids = await demoProblemIds();
    expect((await post(client, '/assessments/new', assessmentForm(ids))).status).toBe(403);
    const [assessment] = await stack.database.db.select().from(assessments).limit(1);
    const invite = await post(
      client,
      `/assessments/${assessment!.id}`,
      new URLSearchParams({ intent: 'invite', name: 'X', email: 'x@example.com' }),
    );
    expect(invite.status).toBe(403);
    expect((await client.request('/outbox')).status).toBe(403);
  });

  it("answers 404 for another organization's assessment", async () => {
    const other = await createOrganization(stack.database.db, 'Other Co');
    const [foreign] = await stack.database.db
      .insert(assessments)
      .values({ organizationId: other.organization.id, title: 'Secret', durationMinutes: 30 })
      .returning();
    expect((await interviewer.request(`/assessments/${foreign!.id}`)).status).toBe(404);
    expect(
      (
        await post(
          interviewer,
          `/assessments/${foreign!.id}`,
          new URLSearchParams({ intent: 'invite', name: 'X', email: 'x@example.com' }),
        )
      ).status,
    ).toBe(404);
  });

  it('deletes an assessment nobody started', async () => {
    const ids = await demoProblemIds();
    const created = await post(
      interviewer,
      '/assessments/new',
      assessmentForm([ids[0]!], { title: 'Throwaway' }),
    );
    const deleted = await post(
      interviewer,
      created.headers.get('location')!,
      new URLSearchParams({ intent: 'delete' }),
    );
    expect(deleted.status).toBe(302);
    expect(
      await stack.database.db.select().from(assessments).where(eq(assessments.title, 'Throwaway')),
    ).toEqual([]);
  });
});
