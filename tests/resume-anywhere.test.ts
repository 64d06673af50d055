import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox, resumeCodes, sessionEvents } from '../db/schema/index.ts';
import { latestInviteToken, startInvitedCandidate } from './support/candidate.ts';
import { signedInClient } from './support/fixtures.ts';
import { TestClient } from './support/http.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
}, 90_000);
afterAll(async () => {
  await stack?.close();
});

async function latestCode(email: string): Promise<string> {
  const [mail] = await stack.database.db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.to, email), eq(emailOutbox.kind, 'resume-code')))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(1);
  const code = mail ? /code .* is (\d{6})/.exec(mail.text)?.[1] : undefined;
  if (!code) throw new Error(`no resume code e-mailed to ${email}`);
  return code;
}

function post(browser: TestClient, token: string, fields: Record<string, string>) {
  return browser.postForm(`/invite/${token}`, fields);
}

/** The error code the invitation page shows (its alert carries it as data-code). */
async function errorCode(response: Response): Promise<string | undefined> {
  return /data-code="(\w+)"/.exec(await response.text())?.[1];
}

/** Lets the next code be sent at once (the 30-second spacing is tested on its own). */
async function forgetRecentCodes(candidateId: string) {
  await stack.database.db
    .update(resumeCodes)
    .set({ createdAt: new Date(Date.now() - 60_000) })
    .where(eq(resumeCodes.candidateId, candidateId));
}

describe('resuming an interview on another browser', () => {
  it('resumes the same session after a code e-mailed to the invited address, once', async () => {
    const ann = await startInvitedCandidate(stack, 'Ann', 'ann@example.com');
    const laptop = new TestClient(stack.baseUrl);
    const page = await laptop.request(`/invite/${ann.token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('E-mail me a code');

    const sent = await post(laptop, ann.token, { intent: 'send-code' });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('Code sent to a••@example.com');
    const code = await latestCode('ann@example.com');

    const wrong = await post(laptop, ann.token, {
      intent: 'verify-code',
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(400);
    const wrongPage = await wrong.text();
    expect(wrongPage).toContain('data-code="WRONG_CODE"');
    expect(wrongPage).toContain('4 tries left');
    expect(laptop.cookies.size).toBe(0);

    const right = await post(laptop, ann.token, {
      intent: 'verify-code',
      code: `${code.slice(0, 3)} ${code.slice(3)}`,
    });
    expect(right.status).toBe(302);
    expect(right.headers.get('location')).toBe(`/interview/${ann.candidateId}`);
    const status = await laptop.request(`/api/interview/${ann.candidateId}/status`);
    expect(status.status).toBe(200);
    expect((await status.json()).sessionId).toBe(ann.session.id);
    // The first browser keeps its interview too.
    expect((await ann.browser.request(`/api/interview/${ann.candidateId}/status`)).status).toBe(
      200,
    );

    // The code worked once.
    const phone = new TestClient(stack.baseUrl);
    const reused = await post(phone, ann.token, { intent: 'verify-code', code });
    expect(reused.status).toBe(410);
    expect(await errorCode(reused)).toBe('CODE_USED');

    const events = await stack.database.db
      .select()
      .from(sessionEvents)
      .where(
        and(eq(sessionEvents.sessionId, ann.session.id), eq(sessionEvents.type, 'session_resumed')),
      );
    expect(events.map((event) => event.data)).toEqual([{ via: 'code', newBrowser: true }]);
  });

  it('rate-limits codes and guesses, and says why a code fails', async () => {
    const ben = await startInvitedCandidate(stack, 'Ben', 'ben@example.com');
    const cat = await startInvitedCandidate(stack, 'Cat', 'cat@example.com');
    const browser = new TestClient(stack.baseUrl);

    expect((await post(browser, ben.token, { intent: 'send-code' })).status).toBe(200);
    const soon = await post(browser, ben.token, { intent: 'send-code' });
    expect(soon.status).toBe(429);
    expect(await errorCode(soon)).toBe('RESEND_TOO_SOON');
    const benCode = await latestCode('ben@example.com');

    const format = await post(browser, ben.token, { intent: 'verify-code', code: '12ab' });
    expect(await errorCode(format)).toBe('BAD_CODE_FORMAT');

    // Cat's code on Ben's link.
    expect((await post(browser, cat.token, { intent: 'send-code' })).status).toBe(200);
    const catCode = await latestCode('cat@example.com');
    if (catCode !== benCode) {
      const foreign = await post(browser, ben.token, { intent: 'verify-code', code: catCode });
      expect(await errorCode(foreign)).toBe('CODE_FOR_ANOTHER_INTERVIEW');
    }

    // Five wrong guesses burn the code: even the right one no longer opens anything.
    const guess = benCode === '999999' ? '999998' : '999999';
    for (;;) {
      const response = await post(browser, ben.token, { intent: 'verify-code', code: guess });
      const code = await errorCode(response);
      if (code === 'TOO_MANY_ATTEMPTS') break;
      expect(['WRONG_CODE', 'CODE_FOR_ANOTHER_INTERVIEW']).toContain(code);
    }
    const burned = await post(browser, ben.token, { intent: 'verify-code', code: benCode });
    expect(burned.status).toBe(429);
    expect(await errorCode(burned)).toBe('TOO_MANY_ATTEMPTS');

    // A new code works, but not after it expires.
    await forgetRecentCodes(ben.candidateId);
    expect((await post(browser, ben.token, { intent: 'send-code' })).status).toBe(200);
    await stack.database.db
      .update(resumeCodes)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(resumeCodes.candidateId, ben.candidateId));
    const expired = await post(browser, ben.token, {
      intent: 'verify-code',
      code: await latestCode('ben@example.com'),
    });
    expect(expired.status).toBe(410);
    expect(await errorCode(expired)).toBe('CODE_EXPIRED');

    // At most five codes an hour.
    for (let sent = 3; ; sent++) {
      await forgetRecentCodes(ben.candidateId);
      const response = await post(browser, ben.token, { intent: 'send-code' });
      if (response.status === 429) {
        expect(await errorCode(response)).toBe('TOO_MANY_CODES');
        break;
      }
      expect(sent).toBeLessThanOrEqual(5);
    }
    expect(browser.cookies.size).toBe(0);
  });

  it('lets the team’s new link resume once without a code; the old link stops working', async () => {
    const dan = await startInvitedCandidate(stack, 'Dan', 'dan@example.com');
    const team = await signedInClient(
      stack.baseUrl,
      stack.demo.interviewerEmail,
      stack.demo.password,
    );
    expect(
      (await team.postJson(`/api/candidates/${dan.candidateId}/actions`, { action: 'new-link' }))
        .status,
    ).toBe(200);
    const fresh = await latestInviteToken(stack, 'dan@example.com');
    const browser = new TestClient(stack.baseUrl);
    expect((await browser.request(`/invite/${dan.token}`)).status).toBe(404);
    const page = await browser.request(`/invite/${fresh}`);
    expect(await page.text()).toContain('Continue my interview here');
    const resumed = await post(browser, fresh, { intent: 'resume-link' });
    expect(resumed.headers.get('location')).toBe(`/interview/${dan.candidateId}`);
    expect((await browser.request(`/api/interview/${dan.candidateId}/status`)).status).toBe(200);
    // Used once: the next browser needs a code.
    const another = new TestClient(stack.baseUrl);
    expect(await (await another.request(`/invite/${fresh}`)).text()).toContain('E-mail me a code');
    expect((await post(another, fresh, { intent: 'resume-link' })).headers.get('location')).toBe(
      `/invite/${fresh}`,
    );
  });

  it('closes the link when the interview ends', async () => {
    const eve = await startInvitedCandidate(stack, 'Eve', 'eve@example.com');
    const submitted = await eve.browser.postJson(`/api/interview/${eve.candidateId}/submit`);
    expect(submitted.status).toBe(200);
    const browser = new TestClient(stack.baseUrl);
    const page = await browser.request(`/invite/${eve.token}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This interview is over');
    const code = await post(browser, eve.token, { intent: 'send-code' });
    expect(code.status).toBe(409);
    expect(await code.text()).toContain('This interview is over');
    // Its own browser is shown the end page.
    expect((await eve.browser.request(`/invite/${eve.token}`)).headers.get('location')).toBe(
      `/interview/${eve.candidateId}/done`,
    );
  }, 120_000);
});
