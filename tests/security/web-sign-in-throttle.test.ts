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

/** Wrong-password attempts on distinct accounts from one claimed address; their statuses. */
async function guessFrom(
  baseUrl: string,
  forwardedFor: (attempt: number) => string,
  attempts: number,
  accountPrefix: string,
): Promise<number[]> {
  const browser = new TestClient(baseUrl);
  const statuses: number[] = [];
  for (let i = 0; i < attempts; i++) {
    const response = await browser.request('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor(i) },
      body: JSON.stringify({ email: `${accountPrefix}-${i}@tandem.test`, password: 'wrong' }),
    });
    statuses.push(response.status);
  }
  return statuses;
}

describe('sign-in throttling and X-Forwarded-For', () => {
  it('ignores X-Forwarded-For without TRUSTED_PROXIES: a client naming a new address each time is still throttled', async () => {
    const statuses = await guessFrom(stack.baseUrl, (i) => `198.51.100.${i}`, 25, 'spoof');
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
  });

  it('behind a trusted proxy, counts the address the proxy names, so one client does not lock out the others', async () => {
    const proxied = await startTestStack({ env: { TRUSTED_PROXIES: 'loopback' } });
    try {
      const first = await guessFrom(proxied.baseUrl, () => '203.0.113.7', 25, 'first');
      expect(first.slice(0, 20).every((status) => status === 401)).toBe(true);
      expect(first.slice(20).every((status) => status === 429)).toBe(true);
      // Another client behind the same proxy is not throttled by the first one's failures.
      const second = await guessFrom(proxied.baseUrl, () => '203.0.113.8', 3, 'second');
      expect(second).toEqual([401, 401, 401]);
      // A client cannot escape by prepending addresses: the proxy's appended one counts.
      const chained = await guessFrom(
        proxied.baseUrl,
        (i) => `10.9.9.${i}, 203.0.113.7`,
        2,
        'chain',
      );
      expect(chained).toEqual([429, 429]);
    } finally {
      await proxied.close();
    }
  });
});
