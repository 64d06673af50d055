import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema/index.ts';
import { TestClient } from '../support/http.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * Attack (issue 12): anyone could POST /api/auth/sign-up/email and get an
 * account and a session on a private hiring tool. Now accounts come only
 * from an organization's invitation (/join/<token>), the first-run /setup page
 * or `npm run admin -- create-owner`; better-auth's own sign-up endpoint
 * answers 403 SIGN_UP_BY_INVITATION unless TANDEM_OPEN_SIGNUP=1.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('sign-up without an invitation', () => {
  it('gets 403 SIGN_UP_BY_INVITATION and creates no account', async () => {
    const response = await new TestClient(stack.baseUrl).postJson('/api/auth/sign-up/email', {
      name: 'Mallory',
      email: 'mallory@evil.example',
      password: 'a-long-enough-password',
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('SIGN_UP_BY_INVITATION');
    const rows = await stack.database.db
      .select()
      .from(users)
      .where(eq(users.email, 'mallory@evil.example'));
    expect(rows).toEqual([]);
  });
});
