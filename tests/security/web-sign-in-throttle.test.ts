import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * Attack (issue 12): password guessing had no limit, 40 wrong passwords in a
 * row were each answered 401 and the right one then signed in. Now failures
 * are counted per account and per address in the database (shared by every
 * app process): once over the limit, every attempt, the right password
 * included, gets 429 with Retry-After until the window passes.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('sign-in throttling', () => {
  it('refuses the right password with 429 and Retry-After after 40 wrong ones', async () => {
    const browser = new TestClient(stack.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const response = await browser.postForm('/login', {
        intent: 'password',
        email: stack.demo.interviewerEmail,
        password: `wrong-${i}`,
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((status) => status === 429)).toBe(true);

    const right = await browser.postForm('/login', {
      intent: 'password',
      email: stack.demo.interviewerEmail,
      password: stack.demo.password,
    });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await right.text()).toMatch(/too many/i);

    const direct = await browser.postJson('/api/auth/sign-in/email', {
      email: stack.demo.interviewerEmail,
      password: stack.demo.password,
    });
    expect(direct.status).toBe(429);
    expect(Number(direct.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await direct.json()).error.code).toBe('TOO_MANY_SIGN_IN_ATTEMPTS');
  });

  it('throttles an address that tries many accounts, magic links included', async () => {
    const browser = new TestClient(stack.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const response = await browser.postJson('/api/auth/sign-in/email', {
        email: `someone-${i}@tandem.test`,
        password: 'wrong-password',
      });
      statuses.push(response.status);
    }
    // The previous test's 5 failures came from this address too.
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(10);
    const magic = await browser.postForm('/login', {
      intent: 'magic-link',
      email: 'new-person@tandem.test',
    });
    expect(magic.status).toBe(429);
  });
});
