import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * Attack (issue 12): a page on another site posted forms and JSON to the app
 * with the victim's cookies. Remix or better-auth either accepted it or ended
 * in a 500 logged as an error. Now every state-changing request whose Origin
 * (or, without one, Referer) is not the app's own gets 403 CROSS_ORIGIN
 * before any route runs.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

function send(path: string, method: string, headers: Record<string, string>, body?: string) {
  return fetch(`${stack.baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
}

const login = new URLSearchParams({
  email: 'interviewer@tandem.local',
  password: 'not-the-password',
}).toString();
const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('a state-changing request from another origin', () => {
  for (const [path, method, body] of [
    ['/login', 'POST', login],
    ['/api/auth/sign-in/email', 'POST', JSON.stringify({ email: 'a@b.c', password: 'x' })],
    ['/api/interview/00000000-0000-0000-0000-000000000000/submit', 'POST', '{}'],
    ['/api/interview/00000000-0000-0000-0000-000000000000/files/a.py', 'PUT', 'x'],
    ['/settings/team', 'DELETE', ''],
    ['/questions', 'PATCH', ''],
  ] as const) {
    it(`gets 403 CROSS_ORIGIN for ${method} ${path} with a foreign Origin`, async () => {
      const response = await send(path, method, { ...form, origin: 'https://evil.example' }, body);
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe('CROSS_ORIGIN');
    });
  }

  it('gets 403 for Origin: null (a sandboxed frame or a data: page)', async () => {
    const response = await send('/login', 'POST', { ...form, origin: 'null' }, login);
    expect(response.status).toBe(403);
  });

  it('gets 403 when there is no Origin but the Referer is foreign', async () => {
    const response = await send(
      '/login',
      'POST',
      { ...form, referer: 'https://evil.example/page' },
      login,
    );
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('CROSS_ORIGIN');
  });

  it('gets 403 when the foreign origin only differs by port', async () => {
    const other = stack.baseUrl.replace(/:(\d+)$/, (_, port) => `:${Number(port) + 1}`);
    const response = await send('/login', 'POST', { ...form, origin: other }, login);
    expect(response.status).toBe(403);
  });
});

describe('requests the app serves', () => {
  it('accepts a same-origin form post (wrong password: 401, not 403)', async () => {
    const response = await send('/login', 'POST', { ...form, origin: stack.baseUrl }, login);
    expect(response.status).toBe(401);
  });

  it('accepts a same-origin Referer without Origin', async () => {
    const response = await send(
      '/login',
      'POST',
      { ...form, referer: `${stack.baseUrl}/login` },
      login,
    );
    expect(response.status).toBe(401);
  });

  it('accepts a client that sends neither (a script with a token, not a browser)', async () => {
    const response = await send('/login', 'POST', form, login);
    expect(response.status).toBe(401);
  });

  it('lets reads from anywhere through', async () => {
    const response = await send('/login', 'GET', { origin: 'https://evil.example' });
    expect(response.status).toBe(200);
  });
});
