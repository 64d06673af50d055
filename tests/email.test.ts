import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessments, emailOutbox } from '../db/schema/index.ts';
import { type FakeResend, startFakeResend } from './support/fake-resend.ts';
import { signedInClient } from './support/fixtures.ts';
import { TestClient } from './support/http.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let resend: FakeResend;
let stack: TestStack;
beforeAll(async () => {
  resend = await startFakeResend();
  stack = await startTestStack({
    env: {
      RESEND_API_KEY: 're_test_key',
      RESEND_BASE_URL: resend.url,
      EMAIL_FROM: 'Tandem <hiring@acme.test>',
    },
  });
}, 60_000);
afterAll(async () => {
  await stack?.close();
  await resend?.close();
});

describe('e-mail through a server speaking Resend’s API', () => {
  it('sends the candidate invitation through Resend and records it as sent', async () => {
    const admin = await signedInClient(
      stack.baseUrl,
      stack.demo.interviewerEmail,
      stack.demo.password,
    );
    const [assessment] = await stack.database.db.select().from(assessments).limit(1);
    const response = await admin.postForm(`/assessments/${assessment!.id}`, {
      intent: 'invite',
      name: 'Radia Perlman',
      email: 'radia@example.com',
    });
    expect(await response.text()).toContain('Invitation e-mailed to radia@example.com');
    expect(resend.emails).toHaveLength(1);
    const [mail] = resend.emails;
    expect(mail!.authorization).toBe('Bearer re_test_key');
    expect(mail!.body).toMatchObject({
      from: 'Tandem <hiring@acme.test>',
      to: 'radia@example.com',
    });
    expect(mail!.body.subject).toContain('Demo Company');
    expect(mail!.body.text).toMatch(/\/invite\/[\w-]+/);
    const [row] = await stack.database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.to, 'radia@example.com'));
    expect(row).toMatchObject({
      status: 'sent',
      provider: 'resend',
      providerMessageId: 're_1',
      attempts: 1,
    });
  });

  it('keeps a failed e-mail in the outbox with the error, and still creates the invitation', async () => {
    resend.failNext(1, 500);
    const admin = await signedInClient(
      stack.baseUrl,
      stack.demo.interviewerEmail,
      stack.demo.password,
    );
    const [assessment] = await stack.database.db.select().from(assessments).limit(1);
    const response = await admin.postForm(`/assessments/${assessment!.id}`, {
      intent: 'invite',
      name: 'Tim Berners-Lee',
      email: 'tim@example.com',
    });
    expect(await response.text()).toContain('failed');
    const [row] = await stack.database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.to, 'tim@example.com'));
    expect(row?.status).toBe('failed');
    expect(row?.error).toBeTruthy();
  });

  it('signs a team member in with a magic link', async () => {
    const browser = new TestClient(stack.baseUrl);
    const asked = await browser.postForm('/login', {
      intent: 'magic-link',
      email: stack.demo.interviewerEmail,
    });
    expect(await asked.text()).toContain('a sign-in link is on its way');
    const mail = resend.emails.at(-1)!;
    expect(mail.body.to).toBe(stack.demo.interviewerEmail);
    const link = /https?:\/\/\S+\/api\/auth\/magic-link\/verify\S+/.exec(mail.body.text ?? '')![0];
    const verify = await browser.request(new URL(link).pathname + new URL(link).search);
    expect([200, 302]).toContain(verify.status);
    expect((await browser.request('/dashboard')).status).toBe(200);
  });

  it('does not reveal whether an address has an account', async () => {
    const before = resend.emails.length;
    const asked = await new TestClient(stack.baseUrl).postForm('/login', {
      intent: 'magic-link',
      email: 'nobody@example.com',
    });
    expect(await asked.text()).toContain('a sign-in link is on its way');
    expect(resend.emails.length).toBe(before);
  });
});
